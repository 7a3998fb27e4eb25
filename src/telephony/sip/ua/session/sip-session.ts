// One INVITE dialog usage (RFC 3261 §12–§15): ACK, BYE, re-INVITE with glare, UPDATE, INFO DTMF, RFC 4028 session timers.
import { TypedEmitter } from '../../../../shared/typed-emitter.ts';
import { createResponse, getCSeq, type SipRequest, type SipResponse } from '../../message/index.ts';
import {
  GlareRetry,
  SessionTimer,
  TwoXxAcker,
  TwoXxRetransmitter,
  answerSessionTimer,
  negotiatedTimer,
  parseDtmfInfo,
  readSessionExpires,
  rejectCollidingReinvite,
  sessionTimerRequestHeaders,
  type Dialog,
  type NegotiatedSessionTimer,
  type SessionTimerRequest,
} from '../../dialog/index.ts';
import type { ClientTransaction, ServerTransaction, TransportDestination } from '../../transaction/index.ts';
import { ALLOWED_METHODS } from '../capabilities.ts';
import { sendAckInDialog, sendInDialog } from '../in-dialog-send.ts';
import type { UserAgentCore } from '../user-agent-core.ts';

export type SessionEndReason = 'local-bye' | 'remote-bye' | 'ack-timeout' | 'session-expired' | 'closed';

export type SipSessionEvents = {
  /** The ACK for our 2xx arrived (UAS), or the dialog was confirmed by a 2xx (UAC). */
  confirmed: [];
  /** The dialog is over; `status` is the BYE's answer when we hung up (undefined on timeout). */
  ended: [info: { reason: SessionEndReason; status?: number }];
  dtmf: [event: { digit: string; durationMs?: number; source: 'info' }];
  /** A session-timer refresh completed (either direction, RFC 4028 §10). */
  refreshed: [];
};

/** An offer from the peer (re-INVITE); return the answer SDP, or undefined to refuse it with 488. */
export type OfferHandler = (offer: Uint8Array | undefined, session: SipSession) => string | Uint8Array | undefined;

export interface SipSessionOptions {
  ua: UserAgentCore;
  dialog: Dialog;
  /** The address the dialog's INVITE went to or came from: in-dialog requests go to the dialog's next hop (§8.1.2), and
   *  only fall back to this when that hop is a host name (no RFC 3263 resolution here). */
  peer: TransportDestination;
  localSdp: Uint8Array;
  remoteSdp?: Uint8Array;
  /** What we ask for in our refreshes; also the Session-Expires a UAS answers refreshes with. */
  sessionTimer?: SessionTimerRequest;
  onOffer?: OfferHandler;
  /** T1 for the 2xx retransmission (§13.3.1.4); the UA's own T1 by default 500 ms. */
  t1Ms?: number;
}

export interface ReinviteResult {
  status: number;
  sdp?: Uint8Array;
}

const SDP = 'application/sdp';
const toBytes = (s: string | Uint8Array): Uint8Array => (typeof s === 'string' ? Buffer.from(s, 'utf8') : s);

export class SipSession extends TypedEmitter<SipSessionEvents> {
  readonly dialog: Dialog;
  onOffer: OfferHandler | undefined;
  private local: Uint8Array;
  private remote: Uint8Array | undefined;
  private readonly ua: UserAgentCore;
  /** Where the INVITE went or came from: the fallback of the next hop (in-dialog-send.ts). */
  readonly peer: TransportDestination;
  private readonly acker: TwoXxAcker;
  private readonly glare: GlareRetry;
  private readonly timer: SessionTimer;
  private readonly ask: SessionTimerRequest | undefined;
  private readonly t1: number | undefined;
  private readonly retransmitters = new Set<TwoXxRetransmitter>();
  private outgoing: (() => void) | undefined;
  private incomingInvite = false;
  /** Our re-INVITE is on the wire without a final response (not while waiting out a 491 back-off). */
  private inFlight = false;
  private confirmedOnce = false;
  private isClosed = false;
  private readonly onClose: (s: SipSession) => void;

  constructor(o: SipSessionOptions, onClose: (s: SipSession) => void) {
    super();
    this.ua = o.ua;
    this.dialog = o.dialog;
    this.peer = o.peer;
    this.local = o.localSdp;
    this.remote = o.remoteSdp;
    this.ask = o.sessionTimer;
    this.t1 = o.t1Ms;
    this.onOffer = o.onOffer;
    this.onClose = onClose;
    this.acker = new TwoXxAcker({ via: o.ua.newVia(o.peer.transport), random: o.ua.random });
    this.glare = new GlareRetry(o.ua.clock, o.ua.random, () => this.outgoing?.());
    this.timer = new SessionTimer(o.ua.clock, (e) => (e === 'refresh' ? void this.refresh() : this.expire()));
  }

  get closed(): boolean {
    return this.isClosed;
  }
  get localSdp(): Uint8Array {
    return this.local;
  }
  get remoteSdp(): Uint8Array | undefined {
    return this.remote;
  }
  get sessionTimer(): NegotiatedSessionTimer | undefined {
    return this.timer.negotiated;
  }
  /** Timers this session still holds (the leak check: 0 after close). */
  get pendingTimers(): number {
    return this.retransmitters.size + (this.glare.pending ? 1 : 0) + (this.timer.negotiated ? 1 : 0);
  }

  /** Starts the session timer a 2xx negotiated (RFC 4028 §10). */
  startTimer(negotiated: NegotiatedSessionTimer | undefined): void {
    this.timer.restart(negotiated);
  }

  /** UAS: our 2xx went out; resend it until its ACK (§13.3.1.4), BYE after 64*T1. */
  retransmitUntilAck(response: SipResponse, destination: TransportDestination): void {
    const r = new TwoXxRetransmitter(response, this.dialog, {
      clock: this.ua.clock,
      ...(this.t1 === undefined ? {} : { t1Ms: this.t1 }),
      onEvent: (e) => {
        if (e.type === 'retransmit') this.ua.adapter.send(e.response, destination).catch(() => undefined);
        else {
          this.retransmitters.delete(r);
          this.sendBye();
          this.end('ack-timeout');
        }
      },
    });
    this.retransmitters.add(r);
  }

  /** UAC: the dialog was confirmed by the INVITE's 2xx. */
  markConfirmed(): void {
    if (this.confirmedOnce) return;
    this.confirmedOnce = true;
    queueMicrotask(() => this.emit('confirmed'));
  }

  /** An ACK of this dialog (§13.3.1.4). */
  receiveAck(ack: SipRequest): void {
    for (const r of this.retransmitters) {
      if (!r.ackReceived(ack)) continue;
      this.retransmitters.delete(r);
      if (ack.body.length > 0) this.remote = ack.body;
      this.markConfirmed();
    }
  }

  /** A 2xx retransmission to a re-INVITE we sent: ACK it again (§13.2.2.4). */
  receiveStray2xx(res: SipResponse): void {
    if (getCSeq(res)?.method !== 'INVITE' || res.status < 200 || res.status >= 300) return;
    for (const ack of this.acker.reinvite(this.dialog, res).send) sendAckInDialog(this.ua, this.dialog, ack, this.peer);
  }

  /** A request inside this dialog; always answers through `tx`. */
  receiveRequest(req: SipRequest, tx: ServerTransaction): void {
    const verdict = this.dialog.receiveRequest(req);
    if (!verdict.accepted) return void tx.respond(verdict.response);
    switch (req.method) {
      case 'BYE':
        tx.respond(createResponse(req, 200));
        this.end('remote-bye');
        return;
      case 'INVITE':
        return this.receiveReinvite(req, tx);
      case 'UPDATE':
        tx.respond(createResponse(req, 200, undefined, { headers: this.refreshAnswerHeaders(req) }));
        return;
      case 'INFO':
        return this.receiveInfo(req, tx);
      case 'OPTIONS':
        tx.respond(createResponse(req, 200, undefined, { headers: [['Allow', ALLOWED_METHODS.join(', ')]] }));
        return;
      case 'PRACK':
        // RFC 3262 §3: a PRACK matching no unacknowledged reliable 1xx gets 481; as UAS we never send reliable 1xx
        tx.respond(createResponse(req, 481));
        return;
      default:
        tx.respond(createResponse(req, 501));
    }
  }

  /** Sends a re-INVITE with `sdp` (hold, unhold, refresh); on 491 retries after the §14.1 back-off. */
  reinvite(sdp: string | Uint8Array = this.local, headers: [string, string][] = []): Promise<ReinviteResult> {
    if (this.isClosed) return Promise.resolve({ status: 481 });
    if (this.outgoing) return Promise.resolve({ status: 491 });
    const body = toBytes(sdp);
    return new Promise((resolve) => {
      const finish = (r: ReinviteResult): void => {
        this.outgoing = undefined;
        resolve(r);
      };
      const attempt = (): void => {
        if (this.isClosed) return finish({ status: 481 });
        const req = this.dialog.createRequest('INVITE', { contentType: SDP, body, headers });
        const tx = this.send(req);
        let done = false;
        this.inFlight = true;
        tx.on('response', (res) => {
          if (res.status < 200 || done) return;
          done = true;
          this.inFlight = false;
          if (res.status === 491) {
            // §14.1: the Call-ID's owner (the dialog's UAC) waits 2.1–4 s, the other side 0–2 s
            if (this.glare.schedule(this.dialog.role === 'uac') === undefined) finish({ status: 491 });
            return;
          }
          if (res.status < 300) {
            for (const ack of this.acker.reinvite(this.dialog, res, req).send) sendAckInDialog(this.ua, this.dialog, ack, this.peer);
            this.local = body;
            if (res.body.length > 0) this.remote = res.body;
            if (this.timer.negotiated) this.refreshed(negotiatedTimer(res, 'uac'));
          } else this.dialog.receiveResponse(res);
          if (this.dialog.state === 'terminated') this.end('closed');
          finish({ status: res.status, ...(res.body.length > 0 ? { sdp: res.body } : {}) });
        });
        const lost = (status: number): void => {
          if (done) return;
          done = true;
          this.inFlight = false;
          finish({ status });
        };
        tx.on('timeout', () => lost(408));
        tx.on('transportError', () => lost(503));
      };
      this.outgoing = attempt;
      attempt();
    });
  }

  /** Sends an INFO with an `application/dtmf-relay` body; resolves with the peer's final status (408 on timeout). */
  sendDtmf(digit: string, durationMs = 160): Promise<number> {
    if (this.isClosed) return Promise.resolve(481);
    const body = Buffer.from(`Signal=${digit}\r\nDuration=${durationMs}\r\n`, 'latin1');
    const req = this.dialog.createRequest('INFO', {
      contentType: 'application/dtmf-relay',
      body,
    });
    const tx = this.send(req);
    return new Promise((resolve) => {
      tx.on('response', (res) => res.status >= 200 && resolve(res.status));
      tx.on('timeout', () => resolve(408));
      tx.on('transportError', () => resolve(503));
    });
  }

  /** Ends the call with BYE (§15.1.1); `ended` once it is answered or times out. */
  hangup(): Promise<void> {
    if (this.isClosed || this.dialog.state === 'terminated') return Promise.resolve();
    const bye = this.dialog.createRequest('BYE');
    this.dialog.terminate();
    this.stopTimers();
    return new Promise((resolve) => {
      const tx = this.send(bye);
      const done = (status?: number): void => {
        this.end('local-bye', status);
        resolve();
      };
      tx.on('response', (res) => res.status >= 200 && done(res.status));
      tx.on('timeout', () => done());
      tx.on('transportError', () => done());
    });
  }

  /** Releases every timer and leaves the dialog, without sending anything. Idempotent. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.dialog.terminate();
    this.stopTimers();
    this.glare.close();
    this.timer.close();
    this.onClose(this);
  }

  /** §12.2.1.1: every in-dialog request goes to the next hop of the dialog as it is now (target refresh included). */
  private send(request: SipRequest): ClientTransaction {
    return sendInDialog(this.ua, this.dialog, request, this.peer);
  }

  private stopTimers(): void {
    for (const r of this.retransmitters) r.close();
    this.retransmitters.clear();
    this.glare.close();
    this.timer.restart(undefined);
  }

  private end(reason: SessionEndReason, status?: number): void {
    if (this.isClosed) return;
    this.close();
    this.emit('ended', status === undefined ? { reason } : { reason, status });
  }

  private sendBye(): void {
    const bye = this.dialog.createRequest('BYE');
    this.dialog.terminate();
    this.send(bye);
  }

  private receiveReinvite(req: SipRequest, tx: ServerTransaction): void {
    // §14.2: 491 while our re-INVITE is pending, 500 + Retry-After while another of theirs is
    const glare = rejectCollidingReinvite(req, { outgoing: this.inFlight, incoming: this.incomingInvite }, this.ua.random);
    if (glare) return void tx.respond(glare);
    const offer = req.body.length > 0 ? req.body : undefined;
    const answer = this.onOffer ? this.onOffer(offer, this) : this.local;
    if (answer === undefined) return void tx.respond(createResponse(req, 488));
    const body = toBytes(answer);
    const headers: [string, string][] = [
      ['Contact', this.dialog.localContact ?? this.ua.contact(this.peer.transport)],
      ...this.refreshAnswerHeaders(req),
    ];
    const res = createResponse(req, 200, undefined, { headers: [...headers, ['Content-Type', SDP]], body });
    this.incomingInvite = true;
    tx.on('terminated', () => (this.incomingInvite = false));
    if (!tx.respond(res)) return;
    this.incomingInvite = false;
    this.local = body;
    if (offer) this.remote = offer;
    this.retransmitUntilAck(res, tx.destination);
  }

  private receiveInfo(req: SipRequest, tx: ServerTransaction): void {
    const digit = parseDtmfInfo(req.headers.get('Content-Type'), req.body);
    if (digit === undefined) {
      tx.respond(createResponse(req, 415, undefined, { headers: [['Accept', 'application/dtmf-relay, application/dtmf']] }));
      return;
    }
    tx.respond(createResponse(req, 200));
    this.emit('dtmf', { ...digit, source: 'info' });
  }

  /** RFC 4028 §9: a refresh from the peer restarts our timer; the 2xx repeats the interval. */
  private refreshAnswerHeaders(req: SipRequest): [string, string][] {
    if (!this.timer.negotiated && readSessionExpires(req) === undefined) return [];
    const seconds = this.ask?.sessionExpires ?? this.timer.negotiated?.intervalSeconds ?? 1800;
    const a = answerSessionTimer(req, { localSeconds: seconds, localMinSe: this.ask?.minSe ?? 90, prefer: 'uac' });
    this.refreshed(a && { intervalSeconds: a.sessionExpires.seconds, weRefresh: a.sessionExpires.refresher === 'uas' });
    return a?.headers ?? [];
  }

  private refreshed(n: NegotiatedSessionTimer | undefined): void {
    this.timer.restart(n);
    queueMicrotask(() => this.emit('refreshed'));
  }

  /** RFC 4028 §10: we are the refresher: a re-INVITE with the same SDP, keeping ourselves as refresher. */
  private async refresh(): Promise<void> {
    const interval = this.timer.negotiated?.intervalSeconds;
    if (interval === undefined) return;
    const ask = { sessionExpires: interval, minSe: this.ask?.minSe ?? 90 };
    await this.reinvite(this.local, sessionTimerRequestHeaders(ask, 'uac'));
  }

  private expire(): void {
    if (this.isClosed) return;
    this.sendBye();
    this.end('session-expired');
  }
}

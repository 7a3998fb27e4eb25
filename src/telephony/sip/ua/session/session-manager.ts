// The UA core's dialog layer (its DialogSeam): makes a SipSession from each answered INVITE and routes in-dialog traffic to it.
import { TypedEmitter } from '../../../../shared/typed-emitter.ts';
import { getCallId, getCSeq, type SipRequest, type SipResponse } from '../../message/index.ts';
import {
  Dialog,
  answerSessionTimer,
  dialogIdOfRequest,
  dialogIdOfResponse,
  dialogKey,
  negotiatedTimer,
  rejectTooSmall,
  sessionTimerRequestHeaders,
  type SessionTimerRequest,
} from '../../dialog/index.ts';
import type { ServerTransaction, TransportDestination } from '../../transaction/index.ts';
import type { DialogSeam } from '../dialog-seam.ts';
import type { IncomingInvite } from '../incoming-invite.ts';
import { InviteUac, type InviteUacOptions } from '../invite-uac.ts';
import type { ArrivalDestination } from '../transaction-transport-adapter.ts';
import type { UserAgentCore } from '../user-agent-core.ts';
import { SipSession, type OfferHandler } from './sip-session.ts';

export interface SessionManagerOptions {
  /** T1 for 2xx retransmission; set it to the UA's `timers.t1` when that is not the 500 ms default. */
  t1Ms?: number;
  /** Session timer (RFC 4028) we ask for as UAC and grant as UAS; none when unset. */
  sessionTimer?: SessionTimerRequest;
  onOffer?: OfferHandler;
}

export type SessionManagerEvents = {
  session: [session: SipSession];
};

export interface OutgoingCall {
  uac: InviteUac;
  /** The session once a 2xx confirmed it, or undefined when the INVITE failed. */
  session: Promise<SipSession | undefined>;
}

const SDP = (b: string | Uint8Array): Uint8Array => (typeof b === 'string' ? Buffer.from(b, 'utf8') : b);

export class SessionManager extends TypedEmitter<SessionManagerEvents> implements DialogSeam {
  private readonly sessions = new Map<string, SipSession>();
  private readonly calls = new Map<string, InviteUac>();
  private isClosed = false;
  private readonly unown: () => void;

  /** Plugs itself into `ua.dialogs`. */
  constructor(
    readonly ua: UserAgentCore,
    private readonly o: SessionManagerOptions = {},
  ) {
    super();
    ua.dialogs = this;
    this.unown = ua.own(this);
  }

  get size(): number {
    return this.sessions.size;
  }

  all(): SipSession[] {
    return [...this.sessions.values()];
  }

  /** UAS: answers `invite` with 200 and `sdp`, grants the session timer it asked for, and resends the 2xx until ACK. */
  answer(invite: IncomingInvite, sdp: string | Uint8Array): SipSession | undefined {
    if (this.isClosed) return undefined;
    const st = this.o.sessionTimer;
    const headers: [string, string][] = [];
    let negotiated;
    if (st) {
      const tooSmall = rejectTooSmall(invite.request, st.minSe);
      if (tooSmall) {
        invite.reject(422, undefined, [['Min-SE', tooSmall.headers.get('Min-SE') ?? String(st.minSe)]]);
        return undefined;
      }
      const a = answerSessionTimer(invite.request, { localSeconds: st.sessionExpires, localMinSe: st.minSe, prefer: 'uac' });
      if (a) {
        headers.push(...a.headers);
        negotiated = { intervalSeconds: a.sessionExpires.seconds, weRefresh: a.sessionExpires.refresher === 'uas' };
      }
    }
    const response = invite.answer(sdp, headers);
    if (!response) return undefined;
    const made = Dialog.asUas(invite.request, response, { random: this.ua.random, overTls: invite.source.transport === 'TLS' });
    if (!made.ok) return undefined;
    const session = this.adopt(made.value, invite.source, SDP(sdp), invite.offer);
    session.retransmitUntilAck(response, invite.source);
    session.startTimer(negotiated);
    return session;
  }

  /** UAC: places a call; the session comes with the first 2xx, which InviteUac has already ACKed in its dialog (§13.2.2.4). */
  call(opts: InviteUacOptions): OutgoingCall {
    const st = this.o.sessionTimer;
    const headers = [...(opts.headers ?? []), ...(st ? sessionTimerRequestHeaders(st, 'uac') : [])];
    const uac = new InviteUac(this.ua, { ...opts, headers });
    this.calls.set(uac.callId, uac);
    const localSdp = opts.sdp === undefined ? new Uint8Array() : SDP(opts.sdp);
    const session = new Promise<SipSession | undefined>((resolve) => {
      uac.on('answered', (a) => {
        if (!a.dialog || !a.kept || a.retransmission || this.isClosed) return;
        // In-dialog requests go to the dialog's next hop; the INVITE's destination is only the fallback for a host name
        const s = this.adopt(a.dialog, uac.destination, localSdp, a.sdp);
        s.startTimer(negotiatedTimer(a.response, 'uac'));
        s.markConfirmed();
        resolve(s);
      });
      uac.on('failed', () => resolve(undefined));
      uac.on('terminated', () => {
        // Retransmitted 2xxs after Timer M still reach strayResponse; keep the call while a session lives
        if (!this.all().some((s) => s.dialog.id.callId === uac.callId)) this.calls.delete(uac.callId);
        resolve(undefined);
      });
    });
    return { uac, session };
  }

  inDialogRequest(request: SipRequest, tx: ServerTransaction, _source: ArrivalDestination): boolean {
    const id = dialogIdOfRequest(request);
    const session = id && this.sessions.get(dialogKey(id));
    if (!session) return false;
    session.receiveRequest(request, tx);
    return true;
  }

  ack(request: SipRequest): void {
    const id = dialogIdOfRequest(request);
    if (id) this.sessions.get(dialogKey(id))?.receiveAck(request);
  }

  strayResponse(response: SipResponse, _source: ArrivalDestination): void {
    if (response.status < 200 || response.status >= 300 || getCSeq(response)?.method !== 'INVITE') return;
    const uac = this.calls.get(getCallId(response) ?? '');
    // The initial INVITE's 2xx again (a lost ACK, or another fork): its InviteUac ACKs it; a re-INVITE's: the session
    if (uac && getCSeq(response)?.seq === getCSeq(uac.invite)?.seq) return uac.strayResponse(response);
    const id = dialogIdOfResponse(response);
    const session = id && this.sessions.get(dialogKey(id));
    session?.receiveStray2xx(response);
  }

  /** Ends nothing on the wire: releases every session's timers. Idempotent. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const s of this.all()) s.close();
    this.calls.clear();
    if (this.ua.dialogs === this) this.ua.dialogs = undefined;
    this.unown();
  }

  private adopt(dialog: Dialog, peer: TransportDestination, localSdp: Uint8Array, remoteSdp: Uint8Array | undefined): SipSession {
    const key = dialogKey(dialog.id);
    const session = new SipSession(
      {
        ua: this.ua,
        dialog,
        peer: { transport: peer.transport, host: peer.host, port: peer.port },
        localSdp,
        ...(remoteSdp ? { remoteSdp } : {}),
        ...(this.o.sessionTimer ? { sessionTimer: this.o.sessionTimer } : {}),
        ...(this.o.onOffer ? { onOffer: this.o.onOffer } : {}),
        ...(this.o.t1Ms === undefined ? {} : { t1Ms: this.o.t1Ms }),
      },
      (s) => {
        if (this.sessions.get(key) === s) this.sessions.delete(key);
        if (!this.all().some((x) => x.dialog.id.callId === dialog.id.callId)) this.calls.delete(dialog.id.callId);
      },
    );
    this.sessions.set(key, session);
    queueMicrotask(() => this.emit('session', session));
    return session;
  }
}

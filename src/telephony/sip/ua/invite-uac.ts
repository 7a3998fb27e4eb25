// An outgoing INVITE up to its final response (RFC 3261 §13.2): CANCEL while ringing (§9.1), digest retry (§22.2),
// PRACK for reliable provisionals (RFC 3262 §4), ACK of every 2xx in its dialog (§13.2.2.4), 3xx following (§8.1.3.4).
import { TypedEmitter } from '../../../shared/typed-emitter.ts';
import { createCancel, createRequest, getCSeq, getToTag, newCallId, type SipRequest, type SipResponse } from '../message/index.ts';
import type { DigestClient } from '../auth/digest-client.ts';
import { PrackTracker, TwoXxAcker, UacDialogSet, isReliableProvisional, type Dialog } from '../dialog/index.ts';
import type { ClientTransaction, TransportDestination } from '../transaction/index.ts';
import { UAC_SUPPORTED_TAGS } from './capabilities.ts';
import { failureOf, localFailure, type FailureOutcome } from './final-outcome.ts';
import { destinationOf, sendAckInDialog, sendInDialog } from './in-dialog-send.ts';
import { redirectTargets, type RedirectTarget } from './redirect-targets.ts';
import type { UserAgentCore } from './user-agent-core.ts';

export interface InviteUacOptions {
  destination: TransportDestination;
  /** Request-URI and To, e.g. `sip:+8613800000000@trunk.example`. */
  uri: string;
  /** Our From URI; defaults to `sip:openccc@<our host>`. */
  from?: string;
  to?: string;
  sdp?: string | Uint8Array;
  headers?: [string, string][];
  digest?: DigestClient;
  /** Digest rounds before giving up (each new challenge for a realm already answered fails anyway). */
  maxAuthRetries?: number;
  /** How many 3xx to follow (§8.1.3.4); 0 (the default) surfaces a 3xx as the failure. */
  followRedirects?: number;
}

export interface ProvisionalOutcome {
  status: number;
  reason: string;
  toTag?: string;
  sdp?: Uint8Array;
  /** RFC 3262: the RSeq of a reliable provisional, PRACKed already (a retransmission of one is not surfaced again). */
  rseq?: number;
  response: SipResponse;
}

/** Everything the dialog layer needs to confirm the call: the INVITE as sent and its 2xx (§12.1.2). */
export interface AnsweredOutcome {
  request: SipRequest;
  response: SipResponse;
  toTag?: string;
  sdp?: Uint8Array;
  /** The dialog this 2xx confirmed; absent when the 2xx made none (no Contact), ACKed to where the INVITE went. */
  dialog?: Dialog;
  /** False for a 2xx of another fork than the first: it was ACKed and then BYEd (§13.2.2.4). */
  kept: boolean;
  /** A 2xx already seen (its ACK was resent). */
  retransmission: boolean;
}

export type InviteUacEvents = {
  provisional: [ProvisionalOutcome];
  /** Every 2xx (forks and retransmits during Timer M too, RFC 6026); each is ACKed already. */
  answered: [AnsweredOutcome];
  failed: [FailureOutcome];
  /** A 3xx is being followed: a new INVITE goes to `target` (§8.1.3.4). */
  redirected: [info: { status: number; target: string }];
  /** The INVITE transaction is over and nothing more will be emitted. */
  terminated: [];
};

export type InviteUacState = 'calling' | 'ringing' | 'answered' | 'failed' | 'closed';

export class InviteUac extends TypedEmitter<InviteUacEvents> {
  readonly callId: string;
  readonly fromTag: string;
  private current: InviteUacState = 'calling';
  private request: SipRequest;
  private uri: string;
  private target: TransportDestination;
  private tx: ClientTransaction | undefined;
  private set: UacDialogSet;
  private readonly acker: TwoXxAcker;
  private readonly pracks = new Map<string, PrackTracker>();
  private readonly prackTxs = new Set<ClientTransaction>();
  private cancelWanted = false;
  private cancelSent = false;
  private authRetries = 0;
  private redirects = 0;
  private alternatives: RedirectTarget[] = [];
  private readonly tried = new Set<string>();
  private closed = false;
  private readonly unown: () => void;

  constructor(
    private readonly ua: UserAgentCore,
    private readonly o: InviteUacOptions,
  ) {
    super();
    this.callId = newCallId(ua.random, ua.host);
    this.fromTag = ua.newTag();
    this.uri = o.uri;
    this.target = o.destination;
    this.tried.add(o.uri);
    this.request = this.build(1, []);
    this.set = new UacDialogSet(this.request, { random: ua.random });
    this.acker = new TwoXxAcker({ via: ua.newVia(o.destination.transport), random: ua.random });
    this.unown = ua.own(this);
    this.start();
  }

  get state(): InviteUacState {
    return this.current;
  }

  /** The INVITE currently in flight (after a digest retry or a redirect, the new one). */
  get invite(): SipRequest {
    return this.request;
  }

  /** Where the INVITE actually went (§18.1.1 may have moved it to TCP); CANCEL follows it, in-dialog requests fall back to it. */
  get destination(): TransportDestination {
    return this.tx?.destination ?? this.target;
  }

  /** §9.1: CANCEL only once a provisional arrived; before that it is sent when the first one does. No effect after a final. */
  cancel(): void {
    if (this.current === 'calling') this.cancelWanted = true;
    else if (this.current === 'ringing') this.sendCancel();
  }

  /** A 2xx to this INVITE after its transaction ended (§13.2.2.4): ACKed again, or ACKed and BYEd for a new fork. */
  strayResponse(r: SipResponse): void {
    if (this.ua.closed) return;
    if (r.status >= 200 && r.status < 300 && getCSeq(r)?.seq === getCSeq(this.request)?.seq) this.on2xx(r);
  }

  /** Stops the transactions and their timers (no CANCEL, no BYE). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.current === 'calling' || this.current === 'ringing') this.current = 'closed';
    this.tx?.close();
    for (const t of this.prackTxs) t.close();
    this.prackTxs.clear();
    this.unown();
  }

  private build(cseq: number, auth: [string, string][]): SipRequest {
    const ua = this.ua;
    const from = this.o.from ?? `sip:openccc@${ua.host.includes(':') ? `[${ua.host}]` : ua.host}`;
    const body = this.o.sdp === undefined ? undefined : typeof this.o.sdp === 'string' ? Buffer.from(this.o.sdp, 'utf8') : this.o.sdp;
    return createRequest({
      method: 'INVITE',
      uri: this.uri,
      from: `<${from}>;tag=${this.fromTag}`,
      // §8.1.3.4: a redirected INVITE keeps the original To
      to: `<${this.o.to ?? this.o.uri}>`,
      callId: this.callId,
      cseq,
      via: ua.newVia(this.target.transport),
      contact: ua.contact(this.target.transport),
      // RFC 3262 §4: a UAC that can PRACK says so
      headers: [...auth, ['Supported', UAC_SUPPORTED_TAGS.join(', ')], ...(this.o.headers ?? [])],
      ...(body === undefined ? {} : { contentType: 'application/sdp', body }),
    });
  }

  private start(): void {
    const tx = this.ua.sendRequest(this.request, this.target);
    this.tx = tx;
    tx.on('response', (r) => this.onResponse(tx, r));
    tx.on('timeout', () => this.tx === tx && this.attemptFailed(localFailure('timeout')));
    tx.on('transportError', () => this.tx === tx && this.attemptFailed(localFailure('transport')));
    tx.on('terminated', () => {
      if (this.tx !== tx) return; // a digest retry or a redirect replaced it
      this.set.terminateEarly();
      this.unown();
      this.emit('terminated');
    });
  }

  /** A new INVITE in the same call (§8.1.3.4, §22.2): same Call-ID and From tag, CSeq + 1, a new branch, new dialogs. */
  private restart(auth: [string, string][]): void {
    const cseq = (getCSeq(this.request)?.seq ?? 1) + 1;
    this.request = this.build(cseq, auth);
    this.set.terminateEarly();
    this.set = new UacDialogSet(this.request, { random: this.ua.random });
    this.pracks.clear();
    this.current = 'calling';
    this.cancelSent = false;
    this.start();
  }

  private onResponse(tx: ClientTransaction, r: SipResponse): void {
    if (this.tx !== tx || this.current === 'closed') return;
    if (r.status < 200) return this.onProvisional(r);
    if (r.status < 300) return this.on2xx(r);
    this.set.receive(r); // a non-2xx final ends the early dialogs (§12.3)
    if ((r.status === 401 || r.status === 407) && this.retryWithDigest(r)) return;
    if (r.status < 400 && this.followRedirect(r)) return;
    this.attemptFailed(failureOf(r));
  }

  private onProvisional(r: SipResponse): void {
    if (r.status === 100) return;
    const toTag = getToTag(r);
    const fork = this.set.receive(r); // §12.1.2: a 1xx with a To tag makes (or updates) an early dialog
    const dialog = fork.ok ? fork.value.dialog : undefined;
    let rseq: number | undefined;
    if (dialog && isReliableProvisional(r)) {
      const tracker = this.pracks.get(dialog.id.remoteTag) ?? new PrackTracker(dialog);
      this.pracks.set(dialog.id.remoteTag, tracker);
      const verdict = tracker.receive(r);
      if (verdict.kind === 'ignore') return; // RFC 3262 §4: a retransmission (or out of order) is not PRACKed or surfaced again
      if (verdict.kind === 'prack') {
        rseq = verdict.rack.rseq;
        this.sendPrack(dialog, verdict.prack);
      }
    }
    if (this.current === 'calling') this.current = 'ringing';
    const sdp = r.body.length > 0 ? r.body : undefined;
    this.emit('provisional', {
      status: r.status,
      reason: r.reason,
      response: r,
      ...(toTag ? { toTag } : {}),
      ...(sdp ? { sdp } : {}),
      ...(rseq === undefined ? {} : { rseq }),
    });
    if (this.cancelWanted) this.sendCancel();
  }

  /** RFC 3262 §7.2: the PRACK is a non-INVITE request of the early dialog, to its next hop (§12.2.1.1). */
  private sendPrack(dialog: Dialog, prack: SipRequest): void {
    const tx = sendInDialog(this.ua, dialog, prack, this.destination);
    this.prackTxs.add(tx);
    tx.on('response', (res) => res.status >= 200 && dialog.receiveResponse(res)); // §12.2.1.2: a 481 ends the early dialog
    tx.on('terminated', () => this.prackTxs.delete(tx));
  }

  private on2xx(r: SipResponse): void {
    this.current = 'answered';
    this.alternatives = [];
    const toTag = getToTag(r);
    const sdp = r.body.length > 0 ? r.body : undefined;
    const base = { request: this.request, response: r, ...(toTag ? { toTag } : {}), ...(sdp ? { sdp } : {}) };
    const action = this.acker.initial(this.set, r);
    if (!action.ok) {
      this.sendPlainAck(r); // a 2xx with no Contact makes no dialog; ACK it where the INVITE went so it stops
      this.emit('answered', { ...base, kept: false, retransmission: false });
      return;
    }
    const { dialog, kept, retransmission, send } = action.value;
    for (const m of send) {
      // §13.2.2.4: ACK to the dialog's next hop; the BYE of a fork we do not keep in its own transaction
      if (m.method === 'ACK') sendAckInDialog(this.ua, dialog, m, this.destination);
      else sendInDialog(this.ua, dialog, m, this.destination);
    }
    this.emit('answered', { ...base, dialog, kept, retransmission });
  }

  /** §22.2: same Call-ID and From tag, CSeq + 1, a new branch, the credentials added. */
  private retryWithDigest(r: SipResponse): boolean {
    const digest = this.o.digest;
    if (digest === undefined || this.cancelWanted || this.authRetries >= (this.o.maxAuthRetries ?? 2)) return false;
    const kind = r.status === 401 ? 'www' : 'proxy';
    const outcome = digest.challenged(kind, r.headers.getAll(kind === 'www' ? 'WWW-Authenticate' : 'Proxy-Authenticate'));
    if (outcome.action !== 'retry') return false;
    this.authRetries++;
    const unsigned = this.build((getCSeq(this.request)?.seq ?? 1) + 1, []);
    const auth = digest.authorize({ method: 'INVITE', uri: unsigned.uri, body: unsigned.body });
    this.restart(auth.map((h) => [h.name, h.value]));
    return true;
  }

  /** §8.1.3.4: up to `followRedirects` 3xx, each offering its Contacts (highest q first) to try in turn. */
  private followRedirect(r: SipResponse): boolean {
    if (this.cancelWanted || this.redirects >= (this.o.followRedirects ?? 0)) return false;
    const fresh = redirectTargets(r).filter((t) => !this.tried.has(t.requestUri));
    if (fresh.length === 0) return false;
    this.redirects++;
    this.alternatives = fresh;
    return this.tryNextTarget(r.status);
  }

  /** The next Contact of the last 3xx; false when none is left. */
  private tryNextTarget(status: number): boolean {
    const next = this.alternatives.shift();
    if (next === undefined) return false;
    this.tried.add(next.requestUri);
    this.uri = next.requestUri;
    this.target = destinationOf(next.uri, this.o.destination); // no DNS here: a host name is reached at the original destination
    this.emit('redirected', { status, target: next.requestUri });
    this.restart([]);
    return true;
  }

  private sendCancel(): void {
    if (this.cancelSent) return;
    this.cancelSent = true;
    // §9.1: same Request-URI, Call-ID, From, To, CSeq number and top Via branch; to the same destination
    this.ua.sendRequest(createCancel(this.request), this.destination);
  }

  /** §13.2.2.4 for a 2xx that made no dialog: new branch, To with the tag, the INVITE's CSeq number, to where the INVITE went. */
  private sendPlainAck(r: SipResponse): void {
    const ack = createRequest({
      method: 'ACK',
      uri: this.request.uri,
      from: this.request.headers.get('From') ?? '',
      to: r.headers.get('To') ?? '',
      callId: this.callId,
      cseq: getCSeq(this.request)?.seq ?? 1,
      via: this.ua.newVia(this.destination.transport),
      headers: this.request.headers.getAll('Authorization').map((v) => ['Authorization', v] as [string, string]),
    });
    this.ua.sendDirect(ack, this.destination).catch(() => undefined);
  }

  /** A final failure of the INVITE in flight: the next redirect target, if one is left, else the call fails. */
  private attemptFailed(f: FailureOutcome): void {
    if (this.current === 'answered' || this.current === 'failed' || this.current === 'closed') return;
    if (!this.cancelWanted && this.tryNextTarget(f.status)) return;
    this.current = 'failed';
    this.emit('failed', f);
  }
}

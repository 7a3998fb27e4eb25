// An outgoing INVITE up to its final response (RFC 3261 §13.2), CANCEL while ringing (§9.1) and digest retry (§22.2).
import { TypedEmitter } from '../../../shared/typed-emitter.ts';
import { createCancel, createRequest, getCSeq, getToTag, newCallId, type SipRequest, type SipResponse } from '../message/index.ts';
import type { DigestClient } from '../auth/digest-client.ts';
import type { ClientTransaction, TransportDestination } from '../transaction/index.ts';
import { failureOf, localFailure, type FailureOutcome } from './final-outcome.ts';
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
}

export interface ProvisionalOutcome {
  status: number;
  reason: string;
  toTag?: string;
  sdp?: Uint8Array;
  response: SipResponse;
}

/** Everything the dialog layer needs to confirm the call: the INVITE as sent and its 2xx (§12.1.2). */
export interface AnsweredOutcome {
  request: SipRequest;
  response: SipResponse;
  toTag?: string;
  sdp?: Uint8Array;
}

export type InviteUacEvents = {
  provisional: [ProvisionalOutcome];
  /** Every 2xx (forks and retransmits during Timer M too, RFC 6026); each is ACKed already. */
  answered: [AnsweredOutcome];
  failed: [FailureOutcome];
  /** The INVITE transaction is over and nothing more will be emitted. */
  terminated: [];
};

export type InviteUacState = 'calling' | 'ringing' | 'answered' | 'failed' | 'closed';

export class InviteUac extends TypedEmitter<InviteUacEvents> {
  readonly callId: string;
  readonly fromTag: string;
  private current: InviteUacState = 'calling';
  private request: SipRequest;
  private tx: ClientTransaction | undefined;
  private cancelWanted = false;
  private cancelSent = false;
  private authRetries = 0;
  private closed = false;
  private readonly unown: () => void;

  constructor(
    private readonly ua: UserAgentCore,
    private readonly o: InviteUacOptions,
  ) {
    super();
    this.callId = newCallId(ua.random, ua.host);
    this.fromTag = ua.newTag();
    this.request = this.build(1, []);
    this.unown = ua.own(this);
    this.start();
  }

  get state(): InviteUacState {
    return this.current;
  }

  /** The INVITE currently in flight (after a digest retry, the retried one). */
  get invite(): SipRequest {
    return this.request;
  }

  /** §9.1: CANCEL only once a provisional arrived; before that it is sent when the first one does. No effect after a final. */
  cancel(): void {
    if (this.current === 'calling') this.cancelWanted = true;
    else if (this.current === 'ringing') this.sendCancel();
  }

  /** Stops the transaction and its timers (no CANCEL, no BYE). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.current === 'calling' || this.current === 'ringing') this.current = 'closed';
    this.tx?.close();
    this.unown();
  }

  /** Where the INVITE actually went (§18.1.1 may have moved it to TCP); CANCEL and ACK follow it. */
  private get sentTo(): TransportDestination {
    return this.tx?.destination ?? this.o.destination;
  }

  private build(cseq: number, auth: [string, string][]): SipRequest {
    const ua = this.ua;
    const from = this.o.from ?? `sip:openccc@${ua.host.includes(':') ? `[${ua.host}]` : ua.host}`;
    const body = this.o.sdp === undefined ? undefined : typeof this.o.sdp === 'string' ? Buffer.from(this.o.sdp, 'utf8') : this.o.sdp;
    return createRequest({
      method: 'INVITE',
      uri: this.o.uri,
      from: `<${from}>;tag=${this.fromTag}`,
      to: `<${this.o.to ?? this.o.uri}>`,
      callId: this.callId,
      cseq,
      via: ua.newVia(this.o.destination.transport),
      contact: ua.contact(this.o.destination.transport),
      headers: [...auth, ...(this.o.headers ?? [])],
      ...(body === undefined ? {} : { contentType: 'application/sdp', body }),
    });
  }

  private start(): void {
    const tx = this.ua.sendRequest(this.request, this.o.destination);
    this.tx = tx;
    tx.on('response', (r) => this.onResponse(tx, r));
    tx.on('timeout', () => this.fail(localFailure('timeout')));
    tx.on('transportError', () => this.fail(localFailure('transport')));
    tx.on('terminated', () => {
      if (this.tx !== tx) return; // a digest retry replaced it
      this.unown();
      this.emit('terminated');
    });
  }

  private onResponse(tx: ClientTransaction, r: SipResponse): void {
    if (this.tx !== tx || this.current === 'closed') return;
    const toTag = getToTag(r);
    const sdp = r.body.length > 0 ? r.body : undefined;
    if (r.status < 200) {
      if (r.status === 100) return;
      if (this.current === 'calling') this.current = 'ringing';
      this.emit('provisional', { status: r.status, reason: r.reason, response: r, ...(toTag ? { toTag } : {}), ...(sdp ? { sdp } : {}) });
      if (this.cancelWanted) this.sendCancel();
      return;
    }
    if (r.status < 300) {
      this.current = 'answered';
      this.sendAck(r);
      this.emit('answered', { request: this.request, response: r, ...(toTag ? { toTag } : {}), ...(sdp ? { sdp } : {}) });
      return;
    }
    if ((r.status === 401 || r.status === 407) && this.retryWithDigest(r)) return;
    this.fail(failureOf(r));
  }

  /** §22.2: same Call-ID and From tag, CSeq + 1, a new branch, the credentials added. */
  private retryWithDigest(r: SipResponse): boolean {
    const digest = this.o.digest;
    if (digest === undefined || this.cancelWanted || this.authRetries >= (this.o.maxAuthRetries ?? 2)) return false;
    const kind = r.status === 401 ? 'www' : 'proxy';
    const outcome = digest.challenged(kind, r.headers.getAll(kind === 'www' ? 'WWW-Authenticate' : 'Proxy-Authenticate'));
    if (outcome.action !== 'retry') return false;
    this.authRetries++;
    const cseq = (getCSeq(this.request)?.seq ?? 1) + 1;
    const unsigned = this.build(cseq, []);
    const auth = digest.authorize({ method: 'INVITE', uri: unsigned.uri, body: unsigned.body });
    this.request = this.build(
      cseq,
      auth.map((h) => [h.name, h.value]),
    );
    this.current = 'calling';
    this.start();
    return true;
  }

  private sendCancel(): void {
    if (this.cancelSent) return;
    this.cancelSent = true;
    // §9.1: same Request-URI, Call-ID, From, To, CSeq number and top Via branch; to the same destination
    this.ua.sendRequest(createCancel(this.request), this.sentTo);
  }

  /** §13.2.2.4: the ACK for a 2xx is its own transaction-less request, with a new branch, To with the tag, same CSeq number. */
  private sendAck(r: SipResponse): void {
    const ack = createRequest({
      method: 'ACK',
      uri: this.request.uri,
      from: this.request.headers.get('From') ?? '',
      to: r.headers.get('To') ?? '',
      callId: this.callId,
      cseq: getCSeq(this.request)?.seq ?? 1,
      via: this.ua.newVia(this.sentTo.transport),
      headers: this.request.headers.getAll('Authorization').map((v) => ['Authorization', v] as [string, string]),
    });
    // Without the dialog layer the ACK goes where the INVITE went, not to the remote target from Contact (§12.2.1.1)
    this.ua.sendDirect(ack, this.sentTo).catch(() => undefined);
  }

  private fail(f: FailureOutcome): void {
    if (this.current === 'answered' || this.current === 'failed' || this.current === 'closed') return;
    this.current = 'failed';
    this.emit('failed', f);
  }
}

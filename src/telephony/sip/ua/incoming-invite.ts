// An INVITE received outside a dialog, as the carrier sees it: ring, answer with SDP, or reject (RFC 3261 §13.3.1).
import { TypedEmitter } from '../../../shared/typed-emitter.ts';
import { createResponse, getCallId, type SipRequest, type SipResponse } from '../message/index.ts';
import type { InviteServerTransaction } from '../transaction/index.ts';
import type { ArrivalDestination } from './transaction-transport-adapter.ts';

export type IncomingInviteState = 'proceeding' | 'answered' | 'rejected' | 'cancelled' | 'terminated';

export type IncomingInviteEvents = {
  /** The caller sent CANCEL before our final response; the UA already answered 487 (§9.2). */
  cancelled: [cancel: SipRequest];
  /** The server transaction ended (after the final response, a transport error, or close()). */
  terminated: [];
};

export interface IncomingInviteOptions {
  request: SipRequest;
  transaction: InviteServerTransaction;
  source: ArrivalDestination;
  /** Our To tag for every response to this INVITE (§8.2.6.2; one tag, so early and final responses agree). */
  toTag: string;
  /** Our Contact, required in 1xx-with-tag and 2xx to an INVITE (§12.1.1). */
  contact: string;
}

export class IncomingInvite extends TypedEmitter<IncomingInviteEvents> {
  readonly request: SipRequest;
  readonly transaction: InviteServerTransaction;
  readonly source: ArrivalDestination;
  readonly toTag: string;
  private current: IncomingInviteState = 'proceeding';
  private readonly contact: string;

  constructor(o: IncomingInviteOptions) {
    super();
    this.request = o.request;
    this.transaction = o.transaction;
    this.source = o.source;
    this.toTag = o.toTag;
    this.contact = o.contact;
    o.transaction.on('terminated', () => {
      if (this.current === 'proceeding') this.current = 'terminated';
      this.emit('terminated');
    });
  }

  get state(): IncomingInviteState {
    return this.current;
  }

  get callId(): string {
    return getCallId(this.request) ?? '';
  }

  /** The offer, if the INVITE carried one. */
  get offer(): Uint8Array | undefined {
    return this.request.body.length > 0 ? this.request.body : undefined;
  }

  /** 180 Ringing (or 183 Session Progress with early-media SDP); false once a final response went out. */
  ring(sdp?: string | Uint8Array, status: 180 | 183 = sdp === undefined ? 180 : 183): boolean {
    if (this.current !== 'proceeding') return false;
    return this.transaction.respond(this.build(status, undefined, sdp));
  }

  /** 200 OK with the answer SDP. Its retransmission until ACK (§13.3.1.4) belongs to the dialog layer. */
  answer(sdp: string | Uint8Array, headers: [string, string][] = []): SipResponse | undefined {
    if (this.current !== 'proceeding') return undefined;
    const response = this.build(200, undefined, sdp, headers);
    if (!this.transaction.respond(response)) return undefined;
    this.current = 'answered';
    return response;
  }

  /** A final failure (300-699), e.g. 486 Busy Here, 603 Decline, 404 Not Found. */
  reject(status: number, reason?: string, headers: [string, string][] = []): boolean {
    if (this.current !== 'proceeding' || status < 300 || status > 699) return false;
    if (!this.transaction.respond(createResponse(this.request, status, reason, { toTag: this.toTag, headers }))) return false;
    this.current = 'rejected';
    return true;
  }

  /** Called by the UA core on a matching CANCEL (§9.2): 487 to the INVITE when no final response was sent. */
  cancel(cancel: SipRequest): boolean {
    if (this.current !== 'proceeding') return false;
    if (!this.transaction.respond(createResponse(this.request, 487, undefined, { toTag: this.toTag }))) return false;
    this.current = 'cancelled';
    this.emit('cancelled', cancel);
    return true;
  }

  private build(
    status: number,
    reason: string | undefined,
    sdp: string | Uint8Array | undefined,
    extra: [string, string][] = [],
  ): SipResponse {
    // §12.1.1: a response that makes a dialog (101-299) copies the request's Record-Route, in order
    const recordRoute = this.request.headers.getAll('Record-Route').map((v): [string, string] => ['Record-Route', v]);
    const headers: [string, string][] = [...(status > 100 && status < 300 ? recordRoute : []), ['Contact', this.contact], ...extra];
    if (sdp === undefined) return createResponse(this.request, status, reason, { toTag: this.toTag, headers });
    headers.push(['Content-Type', 'application/sdp']);
    const body = typeof sdp === 'string' ? Buffer.from(sdp, 'utf8') : sdp;
    return createResponse(this.request, status, reason, { toTag: this.toTag, headers, body });
  }
}

import {
  createRequest as buildRequest,
  createResponse,
  cryptoRandom,
  getCSeq,
  getCallId,
  getContacts,
  getFrom,
  getRecordRoutes,
  getTo,
  parseUri,
  tagOf,
  type NameAddr,
  type RandomSource,
  type Result,
  type SipRequest,
  type SipResponse,
  type Uri,
  type Via,
} from '../message/index.ts';
import type { DialogId } from './dialog-id.ts';
import type { DialogInit, DialogRole, DialogState } from './dialog-init.ts';
import { initOf, snapshotOf, type DialogSnapshot } from './dialog-snapshot.ts';
import { randomInt } from './random-int.ts';
import { nextHopUri, requestTarget } from './route-set.ts';

export type { DialogInit, DialogRole, DialogState } from './dialog-init.ts';

export interface DialogOptions {
  /** For the UAS's first local CSeq (§12.2.1.1). Defaults to crypto randomness. */
  random?: RandomSource;
  /** The request travelled over TLS: with a sips Request-URI the dialog is secure (§12.1.1, §12.1.2). */
  overTls?: boolean;
}

export interface InDialogRequestOptions {
  /** Top first. Out-of-transaction requests (the ACK for a 2xx) need one; a client transaction adds its own otherwise. */
  via?: Via | readonly Via[];
  /** ACK / CANCEL: the CSeq number of the INVITE they belong to. Defaults to the last INVITE this side sent. */
  cseq?: number;
  /** A new local target for a target refresh (re-INVITE, UPDATE); kept for later requests. */
  contact?: string;
  maxForwards?: number;
  contentType?: string;
  headers?: Iterable<readonly [string, string]>;
  body?: Uint8Array;
}

/** What receiveRequest decided: go on, or answer with `response` (500 for an out-of-order CSeq, 481 after the end). */
export type InDialogVerdict = { readonly accepted: true } | { readonly accepted: false; readonly response: SipResponse };

// Requests that carry the local target (§12.2.1.1 "target refresh requests"; SUBSCRIBE/NOTIFY/REFER by RFC 6665).
const CARRIES_CONTACT = new Set(['INVITE', 'UPDATE', 'SUBSCRIBE', 'NOTIFY', 'REFER']);
const TARGET_REFRESH = new Set(['INVITE', 'UPDATE']);
const SEQ_LIMIT = 0x80000000; // §12.2.1.1: an initial local CSeq SHOULD be below 2^31

/** The URI and display name of a From/To, without its tag or other params (the dialog adds the tags). */
const bare = (n: NameAddr): NameAddr =>
  n.displayName === undefined ? { uri: n.uri, params: new Map() } : { displayName: n.displayName, uri: n.uri, params: new Map() };

function firstContact(m: SipRequest | SipResponse): Uri | undefined {
  const c = getContacts(m);
  return c === '*' ? undefined : c[0]?.uri;
}

function isSecure(request: SipRequest, overTls: boolean | undefined): boolean {
  return overTls === true && request.uri.slice(0, 5).toLowerCase() === 'sips:';
}

/**
 * One dialog (RFC 3261 §12): its id, CSeq spaces, URIs, remote target and route set, and its state
 * early → confirmed → terminated. Pure state: it builds requests and judges incoming ones; the UA sends.
 */
export class Dialog {
  readonly id: DialogId;
  readonly role: DialogRole;
  readonly localUri: NameAddr;
  readonly remoteUri: NameAddr;
  readonly secure: boolean;
  private currentState: DialogState;
  private local: number | undefined;
  private remote: number | undefined;
  private target: Uri;
  private routes: NameAddr[];
  private contact: string | undefined;
  private invite: number | undefined;
  private readonly random: RandomSource;

  private constructor(init: DialogInit, random: RandomSource) {
    this.id = init.id;
    this.role = init.role;
    this.currentState = init.state;
    this.local = init.localSeq;
    this.remote = init.remoteSeq;
    this.localUri = init.localUri;
    this.remoteUri = init.remoteUri;
    this.target = init.remoteTarget;
    this.routes = init.routeSet;
    this.secure = init.secure;
    this.contact = init.localContact;
    this.invite = init.inviteSeq;
    this.random = random;
  }

  /** The UAC's dialog from its request and a 1xx with a To tag (early) or a 2xx (confirmed) (§12.1.2). */
  static asUac(request: SipRequest, response: SipResponse, opts: DialogOptions = {}): Result<Dialog> {
    const early = response.status > 100 && response.status < 200;
    if (!early && (response.status < 200 || response.status >= 300))
      return { ok: false, reason: 'only a 101-199 or 2xx response creates a dialog' };
    const callId = getCallId(request);
    const from = getFrom(request);
    const to = getTo(response);
    const cseq = getCSeq(request);
    const localTag = from && tagOf(from);
    if (callId === undefined || !from || !to || !cseq || localTag === undefined)
      return { ok: false, reason: 'request lacks Call-ID, CSeq or a From tag' };
    const remoteTag = tagOf(to);
    if (early && remoteTag === undefined) return { ok: false, reason: 'a provisional response without a To tag creates no dialog' };
    // §12.1.2: a 1xx may lack Contact; the Request-URI is then the best target until one arrives.
    const target = firstContact(response) ?? (early ? parseRequestUri(request) : undefined);
    if (target === undefined) return { ok: false, reason: 'a 2xx without Contact gives no remote target' };
    const init: DialogInit = {
      id: { callId, localTag, remoteTag: remoteTag ?? '' },
      role: 'uac',
      state: early ? 'early' : 'confirmed',
      localSeq: cseq.seq,
      remoteSeq: undefined,
      localUri: bare(from),
      remoteUri: bare(getTo(request) ?? to),
      remoteTarget: target,
      routeSet: getRecordRoutes(response).reverse(), // §12.1.2: the UAC reverses Record-Route
      secure: isSecure(request, opts.overTls),
      localContact: request.headers.get('Contact'),
      inviteSeq: cseq.method === 'INVITE' ? cseq.seq : undefined,
    };
    return { ok: true, value: new Dialog(init, opts.random ?? cryptoRandom) };
  }

  /** The UAS's dialog from the request and the 1xx (early) or 2xx (confirmed) it answers with, To tag included (§12.1.1). */
  static asUas(request: SipRequest, response: SipResponse, opts: DialogOptions = {}): Result<Dialog> {
    const early = response.status > 100 && response.status < 200;
    if (!early && (response.status < 200 || response.status >= 300))
      return { ok: false, reason: 'only a 101-199 or 2xx response creates a dialog' };
    const callId = getCallId(request);
    const from = getFrom(request);
    const to = getTo(response);
    const cseq = getCSeq(request);
    const localTag = to && tagOf(to);
    if (callId === undefined || !from || !to || !cseq) return { ok: false, reason: 'request lacks Call-ID, From, To or CSeq' };
    if (localTag === undefined) return { ok: false, reason: 'the response has no To tag' };
    const target = firstContact(request);
    if (target === undefined) return { ok: false, reason: 'the request has no Contact' };
    const init: DialogInit = {
      id: { callId, localTag, remoteTag: tagOf(from) ?? '' },
      role: 'uas',
      state: early ? 'early' : 'confirmed',
      localSeq: undefined, // §12.1.1: empty until the UAS sends its first request
      remoteSeq: cseq.seq,
      localUri: bare(to),
      remoteUri: bare(from),
      remoteTarget: target,
      routeSet: getRecordRoutes(request), // §12.1.1: in the order of the request
      secure: isSecure(request, opts.overTls),
      localContact: response.headers.get('Contact'),
      inviteSeq: undefined,
    };
    return { ok: true, value: new Dialog(init, opts.random ?? cryptoRandom) };
  }

  /**
   * A confirmed dialog rebuilt from snapshot() in another process (§12.2.1.1 needs nothing else to
   * send a request in it). The remote CSeq starts empty: a restored dialog only sends.
   */
  static restore(snapshot: DialogSnapshot, opts: DialogOptions = {}): Result<Dialog> {
    const init = initOf(snapshot);
    return init.ok ? { ok: true, value: new Dialog(init.value, opts.random ?? cryptoRandom) } : init;
  }

  /**
   * The dialog as JSON-safe data (dialog-snapshot.ts). An empty local CSeq (a UAS that sent nothing
   * yet) is chosen now, as the first request would choose it (§12.2.1.1), so that every later
   * request of this dialog counts up from the value the snapshot holds.
   */
  snapshot(): DialogSnapshot {
    this.local ??= randomInt(this.random, SEQ_LIMIT - 1);
    const { id, role, localUri, remoteUri, secure } = this;
    return snapshotOf({ id, role, localUri, remoteUri, remoteTarget: this.target, routeSet: this.routes, localSeq: this.local, secure });
  }

  get state(): DialogState {
    return this.currentState;
  }
  /** Local CSeq number last used, or undefined while empty (a UAS before its first request). */
  get localSeq(): number | undefined {
    return this.local;
  }
  /** Remote CSeq number last seen, or undefined while empty (a UAC before the peer's first request). */
  get remoteSeq(): number | undefined {
    return this.remote;
  }
  get remoteTarget(): Uri {
    return this.target;
  }
  /** Route set, first hop first. */
  get routeSet(): readonly NameAddr[] {
    return this.routes;
  }
  get localContact(): string | undefined {
    return this.contact;
  }
  /** Where the next in-dialog request goes (§8.1.2): the first route, else the remote target. */
  get nextHop(): Uri {
    return nextHopUri(this.target, this.routes);
  }

  /** The UAS sent its 2xx; the UAC path confirms through receiveResponse. */
  confirm(): void {
    if (this.currentState === 'early') this.currentState = 'confirmed';
  }

  terminate(): void {
    this.currentState = 'terminated';
  }

  /** A request inside the dialog (§12.2.1.1). ACK and CANCEL reuse the INVITE's CSeq number; every other method takes the next one. */
  createRequest(method: string, opts: InDialogRequestOptions = {}): SipRequest {
    let seq: number;
    if (method === 'ACK' || method === 'CANCEL') {
      seq = opts.cseq ?? this.invite ?? this.local ?? 0;
    } else {
      seq = this.local === undefined ? 1 + randomInt(this.random, SEQ_LIMIT - 1) : this.local + 1;
      this.local = seq;
      if (method === 'INVITE') this.invite = seq;
    }
    if (opts.contact !== undefined && TARGET_REFRESH.has(method)) this.contact = opts.contact;
    const { requestUri, routes } = requestTarget(this.target, this.routes);
    const local: NameAddr = { ...this.localUri, params: new Map([['tag', this.id.localTag]]) };
    const remote: NameAddr = { ...this.remoteUri, params: this.id.remoteTag === '' ? new Map() : new Map([['tag', this.id.remoteTag]]) };
    return buildRequest({
      method,
      uri: requestUri,
      from: local,
      to: remote,
      callId: this.id.callId,
      cseq: seq,
      ...(opts.via !== undefined && { via: opts.via }),
      ...(opts.maxForwards !== undefined && { maxForwards: opts.maxForwards }),
      routes,
      ...(CARRIES_CONTACT.has(method) && this.contact !== undefined && { contact: opts.contact ?? this.contact }),
      ...(opts.contentType !== undefined && { contentType: opts.contentType }),
      ...(opts.headers !== undefined && { headers: opts.headers }),
      ...(opts.body !== undefined && { body: opts.body }),
    });
  }

  /** An incoming request of this dialog (§12.2.2): CSeq order, remote CSeq, and target refresh. */
  receiveRequest(req: SipRequest): InDialogVerdict {
    if (this.currentState === 'terminated') return { accepted: false, response: createResponse(req, 481) };
    const cseq = getCSeq(req);
    if (cseq === undefined) return { accepted: false, response: createResponse(req, 400, 'Missing CSeq') };
    if (req.method === 'ACK' || req.method === 'CANCEL') return { accepted: true }; // they carry the INVITE's number
    // §12.2.2: lower than the remote CSeq is out of order and MUST get a 500
    if (this.remote !== undefined && cseq.seq < this.remote)
      return { accepted: false, response: createResponse(req, 500, 'CSeq Out of Order') };
    this.remote = cseq.seq;
    if (TARGET_REFRESH.has(req.method)) {
      const target = firstContact(req);
      if (target !== undefined) this.target = target;
    }
    return { accepted: true };
  }

  /**
   * A response to a request this side sent in the dialog (or to the INVITE that made it). Returns false when its
   * To tag is not this dialog's (another fork). §13.2.2.4: a 2xx confirms an early dialog and recomputes the route
   * set; §12.2.1.2: a 2xx to a target refresh replaces the remote target, and 481/408 end the dialog.
   */
  receiveResponse(res: SipResponse): boolean {
    const to = getTo(res);
    if (((to && tagOf(to)) ?? '') !== this.id.remoteTag) return false;
    if (this.currentState === 'terminated') return true;
    const method = getCSeq(res)?.method;
    const contact = firstContact(res);
    if (res.status >= 200 && res.status < 300) {
      if (this.currentState === 'early' && method === 'INVITE') {
        this.currentState = 'confirmed';
        if (this.role === 'uac') this.routes = getRecordRoutes(res).reverse();
      }
      if (contact !== undefined && method !== undefined && TARGET_REFRESH.has(method)) this.target = contact;
    } else if (res.status === 481 || res.status === 408) {
      this.currentState = 'terminated';
    } else if (res.status >= 300 && method === 'INVITE' && this.currentState === 'early') {
      this.currentState = 'terminated';
    } else if (res.status > 100 && res.status < 200 && this.currentState === 'early' && contact !== undefined) {
      this.target = contact;
    }
    return true;
  }
}

function parseRequestUri(request: SipRequest): Uri | undefined {
  const r = parseUri(request.uri);
  return r.ok ? r.value : undefined;
}

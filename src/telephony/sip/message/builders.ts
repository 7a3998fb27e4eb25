import { SipHeaders } from './headers.ts';
import { EMPTY_BODY, type SipRequest, type SipResponse } from './message.ts';
import { formatNameAddr, parseNameAddr, type NameAddr } from './name-addr.ts';
import { reasonPhrase } from './status-codes.ts';
import { formatUri, type Uri } from './uri.ts';
import { formatVia, type Via } from './via.ts';

type Rows = Iterable<readonly [string, string]>;

export interface ResponseOptions {
  /** Added to To when the request's To has no tag (RFC 3261 §8.2.6.2); ignored for 100 Trying. */
  toTag?: string;
  /** Extra rows appended after the copied ones (Contact, Allow, Unsupported, Content-Type, ...). */
  headers?: Rows;
  body?: Uint8Array;
}

/** A response to `request` per RFC 3261 §8.2.6: Via list, From, To (+tag), Call-ID and CSeq copied. */
export function createResponse(request: SipRequest, status: number, reason?: string, opts: ResponseOptions = {}): SipResponse {
  const headers = new SipHeaders();
  for (const v of request.headers.getAll('Via')) headers.append('Via', v);
  copy(request.headers, headers, 'From');
  const to = request.headers.get('To');
  if (to !== undefined) headers.append('To', opts.toTag !== undefined && status !== 100 ? withToTag(to, opts.toTag) : to);
  copy(request.headers, headers, 'Call-ID');
  copy(request.headers, headers, 'CSeq');
  if (status === 100) copy(request.headers, headers, 'Timestamp'); // §8.2.6.1
  if (opts.headers) for (const [n, v] of opts.headers) headers.append(n, v);
  return { kind: 'response', status, reason: reason ?? reasonPhrase(status), headers, body: opts.body ?? EMPTY_BODY };
}

function copy(from: SipHeaders, to: SipHeaders, name: string): void {
  const v = from.get(name);
  if (v !== undefined) to.append(name, v);
}

/** `toValue` with `;tag=` added, unless it already has a tag. A value that does not parse gets the tag appended as text. */
export function withToTag(toValue: string, tag: string): string {
  const parsed = parseNameAddr(toValue);
  if (!parsed.ok) return /;\s*tag\s*=/i.test(toValue) ? toValue : `${toValue};tag=${tag}`;
  if (parsed.value.params.has('tag')) return toValue;
  parsed.value.params.set('tag', tag);
  return formatNameAddr(parsed.value);
}

export interface RequestOptions {
  method: string;
  uri: string | Uri;
  from: string | NameAddr;
  to: string | NameAddr;
  callId: string;
  cseq: number;
  /** Top first. The transaction layer normally supplies the top Via with its branch. */
  via?: Via | readonly Via[];
  /** Defaults to 70 (RFC 3261 §8.1.1.6). */
  maxForwards?: number;
  routes?: readonly (string | NameAddr)[];
  contact?: string | NameAddr;
  contentType?: string;
  headers?: Rows;
  body?: Uint8Array;
}

const isViaList = (v: Via | readonly Via[]): v is readonly Via[] => Array.isArray(v);
const addr = (a: string | NameAddr): string => (typeof a === 'string' ? a : formatNameAddr(a));

/** A new request with the mandatory headers of RFC 3261 §8.1.1, in the conventional order. */
export function createRequest(o: RequestOptions): SipRequest {
  const headers = new SipHeaders();
  const vias: readonly Via[] = o.via === undefined ? [] : isViaList(o.via) ? o.via : [o.via];
  for (const v of vias) headers.append('Via', formatVia(v));
  headers.append('Max-Forwards', String(o.maxForwards ?? 70));
  for (const r of o.routes ?? []) headers.append('Route', addr(r));
  headers.append('From', addr(o.from));
  headers.append('To', addr(o.to));
  headers.append('Call-ID', o.callId);
  headers.append('CSeq', `${o.cseq} ${o.method}`);
  if (o.contact !== undefined) headers.append('Contact', addr(o.contact));
  if (o.contentType !== undefined) headers.append('Content-Type', o.contentType);
  if (o.headers) for (const [n, v] of o.headers) headers.append(n, v);
  const uri = typeof o.uri === 'string' ? o.uri : formatUri(o.uri);
  return { kind: 'request', method: o.method, uri, headers, body: o.body ?? EMPTY_BODY };
}

/** CANCEL for `request` (RFC 3261 §9.1): same Request-URI, Call-ID, From, To, CSeq number and Route; only the top Via. */
export function createCancel(request: SipRequest): SipRequest {
  return derived(request, 'CANCEL', request.headers.get('To'));
}

/** ACK for a non-2xx final response to `invite` (RFC 3261 §17.1.1.3): To comes from the response (it carries the tag). */
export function createNon2xxAck(invite: SipRequest, response: SipResponse): SipRequest {
  return derived(invite, 'ACK', response.headers.get('To') ?? invite.headers.get('To'));
}

function derived(request: SipRequest, method: string, to: string | undefined): SipRequest {
  const src = request.headers;
  const headers = new SipHeaders();
  copy(src, headers, 'Via');
  headers.append('Max-Forwards', src.get('Max-Forwards') ?? '70');
  for (const r of src.getAll('Route')) headers.append('Route', r);
  copy(src, headers, 'From');
  if (to !== undefined) headers.append('To', to);
  copy(src, headers, 'Call-ID');
  const seq = /^\s*(\d+)/.exec(src.get('CSeq') ?? '')?.[1] ?? '0';
  headers.append('CSeq', `${seq} ${method}`);
  return { kind: 'request', method, uri: request.uri, headers, body: EMPTY_BODY };
}

// Transaction matching keys: RFC 3261 §17.1.3 (client) and §17.2.3 (server, with the RFC 2543 fallback).
import {
  getCSeq,
  getCallId,
  getFromTag,
  getToTag,
  getTopVia,
  hasRfc3261Branch,
  viaBranch,
  type SipRequest,
  type SipResponse,
} from '../message/index.ts';

/** §17.1.3: a response belongs to the client transaction whose request had the same top branch and method. */
export function clientKey(branch: string, method: string): string {
  return `${branch}\n${method}`;
}

/** The key of the client transaction a request creates: its top Via branch and method. */
export function clientKeyOfRequest(request: SipRequest): string | undefined {
  const via = getTopVia(request);
  const branch = via === undefined ? undefined : viaBranch(via);
  return branch === undefined ? undefined : clientKey(branch, request.method);
}

/** The key a response matches on: its top Via branch and its CSeq method (a CANCEL's 200 has method CANCEL, §17.1.3). */
export function clientKeyOfResponse(response: SipResponse): string | undefined {
  const via = getTopVia(response);
  const branch = via === undefined ? undefined : viaBranch(via);
  const cseq = getCSeq(response);
  return branch === undefined || cseq === undefined ? undefined : clientKey(branch, cseq.method);
}

/**
 * A server-side key. RFC 3261 requests match on branch + sent-by + method; older ones (no magic cookie, or the bare
 * cookie of RFC 4475's badbranch) on Request-URI, From tag, Call-ID, CSeq and top Via, with the To tag compared apart
 * because an ACK's To tag is the one of the response, not of the INVITE (§17.2.3).
 */
export type ServerKey =
  { readonly rfc3261: true; readonly key: string } | { readonly rfc3261: false; readonly key: string; readonly toTag: string | undefined };

/** `method` overrides the request's own: CANCEL looks up its INVITE this way (§9.2). ACK always keys as INVITE. */
export function serverKey(request: SipRequest, method?: string): ServerKey | undefined {
  const via = getTopVia(request);
  const cseq = getCSeq(request);
  if (via === undefined || cseq === undefined) return undefined;
  const m = method ?? (request.method === 'ACK' ? 'INVITE' : request.method); // §17.2.3: ACK matches the INVITE transaction
  if (hasRfc3261Branch(via)) {
    const sentBy = `${via.host.toLowerCase()}:${via.port ?? ''}`;
    return { rfc3261: true, key: `${viaBranch(via)}\n${sentBy}\n${m}` };
  }
  const topVia = (request.headers.get('Via') ?? '').trim();
  const parts = [m, request.uri.trim(), getFromTag(request) ?? '', getCallId(request) ?? '', String(cseq.seq), topVia];
  return { rfc3261: false, key: parts.join('\n'), toTag: getToTag(request) };
}

import { getCSeq, getTo } from './fields.ts';
import { checkAddressHeaders } from './header-syntax.ts';
import { splitList } from './lex.ts';
import type { SipRequest } from './message.ts';
import { parseUri } from './uri.ts';

/** A UAS's answer to a request it will not process: status, reason phrase, and headers the response must carry. */
export interface RequestRejection {
  status: number;
  reason: string;
  headers?: [string, string][];
}

export interface RequestCheckOptions {
  /** Option tags this UAS supports; any other tag in Require gets 420 (RFC 3261 §8.2.2.3). Default none. */
  supported?: Iterable<string>;
  /** Body types this UAS understands (§8.2.3); default application/sdp. */
  contentTypes?: Iterable<string>;
  /** Methods this UAS implements; others get 501 with Allow (§8.2.1). Omitted = no method check. */
  methods?: Iterable<string>;
  /** Request-URI schemes this UAS serves (§8.2.2.1); default sip, sips, tel. */
  uriSchemes?: Iterable<string>;
}

const REQUIRED = ['Via', 'From', 'To', 'Call-ID', 'CSeq'];
const SINGLE = ['From', 'To', 'Call-ID', 'CSeq', 'Max-Forwards', 'Content-Type'];

const lowerSet = (it: Iterable<string> | undefined, dflt: string[]): Set<string> => new Set([...(it ?? dflt)].map((s) => s.toLowerCase()));
const mediaType = (v: string): string => (v.split(';')[0] ?? '').trim().toLowerCase();

/**
 * The checks an endpoint (UAS) applies before processing a parsed request (RFC 3261 §8.2), in the
 * RFC's order; undefined when the request may be processed. Pure. Max-Forwards is an endpoint's to
 * ignore (a UAS processes Max-Forwards: 0 normally, RFC 4475 §3.3.11); Proxy-Require is a proxy's.
 */
export function checkRequest(req: SipRequest, opts: RequestCheckOptions = {}): RequestRejection | undefined {
  const h = req.headers;
  const malformed = checkAddressHeaders(h);
  if (malformed !== undefined) return { status: 400, reason: malformed };
  for (const name of REQUIRED) if (!h.has(name)) return { status: 400, reason: `Missing ${name} header` };
  for (const name of SINGLE) {
    const rows = h.getAll(name);
    // From and To may also carry a second address after a comma (RFC 4475 §3.3.8).
    const listed = (name === 'From' || name === 'To') && rows.length === 1 && splitList(rows[0] as string).length > 1;
    if (rows.length > 1 || listed) {
      return { status: 400, reason: `Multiple ${name} values` };
    }
  }
  const cseq = getCSeq(req);
  if (cseq === undefined) return { status: 400, reason: 'Malformed CSeq' };
  if (cseq.method !== req.method) return { status: 400, reason: 'CSeq method does not match the request method' };
  if (opts.methods !== undefined) {
    const methods = [...opts.methods];
    if (!methods.includes(req.method)) return { status: 501, reason: 'Not Implemented', headers: [['Allow', methods.join(', ')]] };
  }
  const uri = parseUri(req.uri);
  const schemes = lowerSet(opts.uriSchemes, ['sip', 'sips', 'tel']);
  if (!uri.ok || !schemes.has(uri.value.scheme)) return { status: 416, reason: 'Unsupported URI Scheme' };
  if (req.method === 'REGISTER') {
    // §10.3: the address-of-record in To must be a SIP or SIPS URI (RFC 4475 §3.3.4).
    const to = getTo(req);
    if (to === undefined || to.uri.kind !== 'sip') return { status: 400, reason: 'REGISTER To is not a SIP or SIPS URI' };
  }
  if (req.method !== 'ACK' && req.method !== 'CANCEL') {
    // §8.2.2.3: Require is not honoured on ACK or CANCEL.
    const supported = lowerSet(opts.supported, []);
    const unknown = h
      .getAll('Require')
      .flatMap(splitList)
      .filter((t) => t.length > 0 && !supported.has(t.toLowerCase()));
    if (unknown.length > 0) return { status: 420, reason: 'Bad Extension', headers: [['Unsupported', unknown.join(', ')]] };
  }
  const types = lowerSet(opts.contentTypes, ['application/sdp']);
  const contentType = h.get('Content-Type');
  if (req.body.length > 0 || contentType !== undefined) {
    // §8.2.3: a body we cannot read is refused with the types we can.
    if (contentType === undefined || !types.has(mediaType(contentType))) {
      return { status: 415, reason: 'Unsupported Media Type', headers: [['Accept', [...types].join(', ')]] };
    }
    const encodings = h.getAll('Content-Encoding').filter((e) => e.toLowerCase() !== 'identity');
    if (encodings.length > 0) return { status: 415, reason: 'Unsupported Media Type', headers: [['Accept-Encoding', 'identity']] };
  }
  if (req.method === 'INVITE' && h.has('Accept')) {
    // §21.4.7: our answer is SDP; refuse an INVITE whose Accept rules it out (RFC 4475 §3.3.15).
    const ok = h
      .getAll('Accept')
      .flatMap(splitList)
      .map(mediaType)
      .some((t) => t === 'application/sdp' || t === 'application/*' || t === '*/*');
    if (!ok) return { status: 406, reason: 'Not Acceptable', headers: [['Accept', 'application/sdp']] };
  }
  return undefined;
}

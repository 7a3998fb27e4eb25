// fast-check generators of well-formed SIP messages for the property tests.
import fc from 'fast-check';
import { SipHeaders } from '../../../../../src/telephony/sip/message/headers.ts';
import type { SipMessage } from '../../../../../src/telephony/sip/message/message.ts';
import { formatNameAddr, type NameAddr } from '../../../../../src/telephony/sip/message/name-addr.ts';
import { formatUri, type SipUri } from '../../../../../src/telephony/sip/message/uri.ts';
import { formatVia, type Via } from '../../../../../src/telephony/sip/message/via.ts';

const TOKEN_CHARS = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~"];
export const token = fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 12 });
const label = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'), minLength: 1, maxLength: 10 });
const hostname = fc
  .tuple(
    fc.array(label, { maxLength: 3 }),
    fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 1, maxLength: 6 }),
  )
  .map(([ls, top]) => [...ls, top].join('.'));
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
const ipv6 = fc.ipV6().map((a) => `[${a}]`);
export const host = fc.oneof(hostname, ipv4, ipv6);
/** Text without CR or LF (which no header value may hold), well-formed Unicode. */
export const text = fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, ''));
const byteString = fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 10 });

const params = fc
  .array(
    fc.tuple(
      token.map((t) => t.toLowerCase()),
      fc.option(token, { nil: null }),
    ),
    { maxLength: 3 },
  )
  .map((ps) => new Map(ps));

export const sipUri: fc.Arbitrary<SipUri> = fc
  .record({
    scheme: fc.constantFrom('sip' as const, 'sips' as const),
    user: fc.option(byteString, { nil: undefined }),
    host,
    port: fc.option(fc.nat(65535), { nil: undefined }),
    params: fc
      .array(
        fc.tuple(
          byteString.map((s) => s.toLowerCase()),
          fc.option(byteString, { nil: null }),
        ),
        { maxLength: 3 },
      )
      .map((ps) => new Map(ps)),
    headers: fc.array(fc.tuple(byteString, byteString), { maxLength: 2 }).map((hs) => new Map(hs)),
  })
  .map((r) => {
    const u: SipUri = { kind: 'sip', scheme: r.scheme, host: r.host, params: r.params, headers: r.headers };
    if (r.user !== undefined) u.user = r.user;
    if (r.port !== undefined) u.port = r.port;
    return u;
  });

export const nameAddr: fc.Arbitrary<NameAddr> = fc
  .record({ displayName: fc.option(text, { nil: undefined }), uri: sipUri, params })
  .map((r) => {
    const n: NameAddr = { uri: r.uri, params: r.params };
    if (r.displayName !== undefined) n.displayName = r.displayName;
    return n;
  });

export const via: fc.Arbitrary<Via> = fc
  .record({
    transport: fc.constantFrom('UDP', 'TCP', 'TLS', 'SCTP', 'WS'),
    host,
    port: fc.option(fc.nat(65535), { nil: undefined }),
    branch: token,
  })
  .map((r) => {
    const v: Via = {
      protocol: 'SIP',
      version: '2.0',
      transport: r.transport,
      host: r.host,
      params: new Map([['branch', 'z9hG4bK' + r.branch]]),
    };
    if (r.port !== undefined) v.port = r.port;
    return v;
  });

const extension = fc.tuple(
  token.map((t) => 'X-' + t),
  text.map((s) => s.replace(/^[ \t]+|[ \t]+$/g, '')),
);

const headers = fc
  .record({
    vias: fc.array(via, { minLength: 1, maxLength: 3 }),
    from: nameAddr,
    to: nameAddr,
    callId: fc.tuple(token, fc.option(host, { nil: undefined })).map(([a, h]) => (h === undefined ? a : `${a}@${h}`)),
    seq: fc.nat(0xffffffff),
    maxForwards: fc.nat(255),
    contacts: fc.array(nameAddr, { maxLength: 2 }),
    supported: fc.array(token, { maxLength: 3 }),
    extensions: fc.array(extension, { maxLength: 4 }),
  })
  .map((r) => (method: string) => {
    const h = new SipHeaders();
    for (const v of r.vias) h.append('Via', formatVia(v));
    h.append('Max-Forwards', String(r.maxForwards));
    h.append('From', formatNameAddr(r.from));
    h.append('To', formatNameAddr(r.to));
    h.append('Call-ID', r.callId);
    h.append('CSeq', `${r.seq} ${method}`);
    for (const c of r.contacts) h.append('Contact', formatNameAddr(c));
    for (const s of r.supported) h.append('Supported', s);
    for (const [n, v] of r.extensions) h.append(n, v);
    return h;
  });

const body = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b));

export const request: fc.Arbitrary<SipMessage> = fc
  .tuple(token, sipUri, headers, body)
  .map(([method, uri, h, b]) => ({ kind: 'request', method, uri: formatUri(uri), headers: h(method), body: b }) as const);

export const response: fc.Arbitrary<SipMessage> = fc
  .tuple(fc.integer({ min: 100, max: 699 }), text, token, headers, body)
  .map(([status, reason, method, h, b]) => ({ kind: 'response', status, reason, headers: h(method), body: b }) as const);

export const message = fc.oneof(request, response);

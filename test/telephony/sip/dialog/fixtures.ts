import assert from 'node:assert/strict';
import { parseSipMessage, type RandomSource, type SipRequest, type SipResponse } from '../../../../src/telephony/sip/message/index.ts';

/** Parses CRLF-joined lines through the message layer's real parser. */
export function parse(lines: string[], body = ''): SipRequest | SipResponse {
  const r = parseSipMessage(Buffer.from([...lines, '', body].join('\r\n')));
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.message;
}

export const req = (lines: string[], body?: string): SipRequest => parse(lines, body) as SipRequest;
export const res = (lines: string[], body?: string): SipResponse => parse(lines, body) as SipResponse;

/** Repeatable bytes: 0, 1, 2, ... */
export function counter(): RandomSource {
  let n = 0;
  return (len) => Uint8Array.from({ length: len }, () => n++ & 0xff);
}

/** A source whose every 4-byte draw is the big-endian `u`. */
export function fixed(u: number): RandomSource {
  return (len) => {
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) out[i] = (u >>> (8 * (3 - (i % 4)))) & 0xff;
    return out;
  };
}

// Alice (this UA, 192.0.2.10) calls bob through p1 (first hop) and p2 (next to bob).
export const INVITE_LINES = [
  'INVITE sip:bob@biloxi.example.com SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKinvite1;rport',
  'Max-Forwards: 70',
  'Route: <sip:p1.example.com;lr>',
  'From: "Alice" <sip:alice@atlanta.example.com>;tag=al1ce',
  'To: Bob <sip:bob@biloxi.example.com>',
  'Call-ID: 3848276298220188511@atlanta.example.com',
  'CSeq: 314159 INVITE',
  'Contact: <sip:alice@192.0.2.10:5060;transport=udp>',
  'Content-Type: application/sdp',
];

export const invite = (): SipRequest => req(INVITE_LINES);

/** The 2xx as bob answers it, after both proxies: Record-Route top = p2 (nearest bob). */
export function ok200(toTag = 'b0b', extra: string[] = []): SipResponse {
  return res([
    'SIP/2.0 200 OK',
    'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKinvite1;rport=5060;received=192.0.2.10',
    'Record-Route: <sip:p2.example.com;lr>',
    'Record-Route: <sip:p1.example.com;lr>',
    'From: "Alice" <sip:alice@atlanta.example.com>;tag=al1ce',
    `To: Bob <sip:bob@biloxi.example.com>;tag=${toTag}`,
    'Call-ID: 3848276298220188511@atlanta.example.com',
    'CSeq: 314159 INVITE',
    'Contact: <sip:bob@198.51.100.7:5070;transport=udp>',
    ...extra,
  ]);
}

export function provisional(status: number, toTag: string, extra: string[] = []): SipResponse {
  return res([
    `SIP/2.0 ${status} Ringing`,
    'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKinvite1;rport=5060',
    'Record-Route: <sip:p2.example.com;lr>',
    'Record-Route: <sip:p1.example.com;lr>',
    'From: "Alice" <sip:alice@atlanta.example.com>;tag=al1ce',
    `To: Bob <sip:bob@biloxi.example.com>;tag=${toTag}`,
    'Call-ID: 3848276298220188511@atlanta.example.com',
    'CSeq: 314159 INVITE',
    `Contact: <sip:bob@${toTag}.biloxi.example.com>`,
    ...extra,
  ]);
}

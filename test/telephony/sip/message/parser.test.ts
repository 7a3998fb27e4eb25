import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSipMessage } from '../../../../src/telephony/sip/message/parser.ts';
import type { SipParseFailure } from '../../../../src/telephony/sip/message/parse-failure.ts';
import type { SipMessage } from '../../../../src/telephony/sip/message/message.ts';

const HEAD = [
  'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1',
  'From: <sip:a@example.com>;tag=1',
  'To: <sip:b@example.com>',
  'Call-ID: c1',
  'CSeq: 1 OPTIONS',
];
const msg = (...lines: string[]): Buffer => Buffer.from(lines.join('\r\n'), 'utf8');
const options = (...extra: string[]): Buffer => msg('OPTIONS sip:b@example.com SIP/2.0', ...HEAD, ...extra);

function ok(buf: Uint8Array): SipMessage {
  const r = parseSipMessage(buf);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.message;
}
function bad(buf: Uint8Array, opts?: Parameters<typeof parseSipMessage>[1]): SipParseFailure {
  const r = parseSipMessage(buf, opts);
  assert.equal(r.ok, false);
  return r as SipParseFailure;
}

test('a request: start line, canonical header names, compact forms expanded, body framed by Content-Length', () => {
  const m = ok(
    msg(
      'INVITE sip:b@example.com SIP/2.0',
      'v: SIP/2.0/UDP h;branch=z9hG4bKx',
      'f: <sip:a@x>;tag=1',
      't: <sip:b@x>',
      'i: id',
      'CSEQ: 2 INVITE',
      'c: application/sdp',
      'l: 3',
      '',
      'abcJUNK',
    ),
  );
  assert.ok(m.kind === 'request');
  assert.equal(m.method, 'INVITE');
  assert.equal(m.uri, 'sip:b@example.com');
  assert.deepEqual(m.headers.names, ['Via', 'From', 'To', 'Call-ID', 'CSeq', 'Content-Type']);
  assert.equal(Buffer.from(m.body).toString(), 'abc'); // junk after Content-Length is ignored (RFC 4475 dblreq)
});

test('a response: status, reason (UTF-8, or empty)', () => {
  const m = ok(msg('SIP/2.0 180 Klingelt — ring', ...HEAD, '', ''));
  assert.ok(m.kind === 'response');
  assert.equal(m.status, 180);
  assert.equal(m.reason, 'Klingelt — ring');
  const empty = ok(msg('SIP/2.0 100 ', ...HEAD, '', ''));
  assert.ok(empty.kind === 'response' && empty.reason === '');
});

test('folding, LWS before the colon, list headers split outside quotes and <>', () => {
  const m = ok(
    options(
      'Subject : one\r\n  two \r\n\tthree',
      'Contact: "A, B" <sip:a@x;p=1,2>, <sip:c@y>',
      'Warning: 399 h "a, b"',
      'X-List: a, b',
      '',
      '',
    ),
  );
  assert.equal(m.headers.get('Subject'), 'one two three');
  assert.deepEqual(m.headers.getAll('Contact'), ['"A, B" <sip:a@x;p=1,2>', '<sip:c@y>']);
  assert.deepEqual(m.headers.getAll('Warning'), ['399 h "a, b"']);
  assert.deepEqual(m.headers.getAll('X-List'), ['a, b']); // unknown headers are not lists
});

test('Content-Length: absent over a datagram means the rest; present and too big, negative, non-numeric, conflicting are errors', () => {
  assert.equal(Buffer.from(ok(options('', 'rest of it')).body).toString(), 'rest of it');
  assert.equal(bad(options('Content-Length: 500', '', 'x'.repeat(120))).reason, 'Content-Length 500 exceeds the 120 bytes received');
  assert.match(bad(options('Content-Length: -1', '', '')).reason, /not a non-negative integer/);
  assert.match(bad(options('Content-Length: ten', '', '')).reason, /not a non-negative integer/);
  assert.equal(bad(options('Content-Length: 1', 'l: 2', '', 'xx')).reason, 'conflicting Content-Length values');
  assert.equal(ok(options('Content-Length: 2', 'l: 2', '', 'xx')).body.length, 2);
  assert.equal(ok(options('Content-Length: 0', '', 'ignored')).body.length, 0);
});

test('leading CRLFs are skipped; a datagram ending after its last header has an empty body', () => {
  assert.ok(ok(Buffer.concat([Buffer.from('\r\n\r\n'), options('', '')])));
  assert.equal(ok(options('')).body.length, 0);
  assert.match(bad(options('X: no end')).reason, /ends inside its headers/);
});

test('start-line failures: version (505), malformed (400), status out of range', () => {
  const v = bad(msg('OPTIONS sip:b@example.com SIP/3.0', ...HEAD, '', ''));
  assert.deepEqual([v.kind, v.status, v.answerable, v.method], ['version', 505, true, 'OPTIONS']);
  assert.equal(v.reason, 'SIP version SIP/3.0 is not supported');
  assert.equal(bad(msg('OPTIONS sip:b@example.com', ...HEAD, '', '')).status, 400);
  assert.equal(bad(msg('SIP/2.0 99 Low', ...HEAD, '', '')).answerable, false);
  assert.match(bad(msg('SIP/2.0 700 High', ...HEAD, '', '')).reason, /outside 100-699/);
  assert.match(bad(msg('<<>> nonsense', '', '')).reason, /not a SIP request or status line/);
});

test('answerable needs a request (not ACK) with Via, From, To, Call-ID and CSeq', () => {
  assert.equal(bad(options('CSeq: 99999999999 OPTIONS', '', '')).answerable, true);
  const noVia = msg('OPTIONS sip:b@example.com SIP/3.0', ...HEAD.slice(1), '', '');
  assert.equal(bad(noVia).answerable, false);
  assert.equal(bad(msg('ACK sip:b@example.com SIP/3.0', ...HEAD, '', '')).answerable, false);
});

test('header syntax: name must be a token, a line needs a colon, no bare CR/LF, no leading continuation', () => {
  assert.match(bad(options('Bad Name: x', '', '')).reason, /is not a token/);
  assert.match(bad(options('NoColon', '', '')).reason, /no colon/);
  assert.match(bad(options('X: a\rb', '', '')).reason, /bare CR or LF/);
  assert.match(bad(options('X: a\nb', '', '')).reason, /bare CR or LF/);
  assert.match(bad(msg('OPTIONS sip:b@example.com SIP/2.0', ' folded: x', ...HEAD, '', '')).reason, /continuation/);
  assert.match(bad(options('Max-Forwards: 256', '', '')).reason, /Max-Forwards/);
  assert.match(bad(options('Call-ID: a b', '', '')).reason, /Call-ID/);
  assert.match(bad(msg('OPTIONS <sip:b@example.com> SIP/2.0', ...HEAD, '', '')).reason, /^Request-URI/);
});

test('limits are typed failures: message, header count, line length, body', () => {
  const body = 'x'.repeat(100);
  assert.deepEqual(pick(bad(options('', body), { limits: { maxBodyBytes: 99 } })), ['too-large', 413]);
  assert.deepEqual(pick(bad(options('', body), { limits: { maxMessageBytes: 200 } })), ['too-large', 513]);
  assert.deepEqual(pick(bad(options('X: 1', 'Y: 2', '', ''), { limits: { maxHeaderCount: 6 } })), ['too-large', 513]);
  assert.deepEqual(pick(bad(options(`X: ${'y'.repeat(100)}`, '', ''), { limits: { maxLineLength: 64 } })), ['too-large', 513]);
  assert.ok(parseSipMessage(options('X: 1', '', ''), { limits: { maxHeaderCount: 6 } }).ok);
});

const pick = (f: SipParseFailure): [string, number] => [f.kind, f.status];

test('a non-Buffer Uint8Array view is parsed in place', () => {
  const bytes = options('', 'body');
  const padded = new Uint8Array(bytes.length + 8);
  padded.set(bytes, 4);
  const m = ok(padded.subarray(4, 4 + bytes.length));
  assert.equal(Buffer.from(m.body).toString(), 'body');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { badRequestFor } from '../../../../src/telephony/sip/message/bad-request.ts';
import { parseSipMessage } from '../../../../src/telephony/sip/message/parser.ts';
import type { SipParseFailure } from '../../../../src/telephony/sip/message/parse-failure.ts';
import { getToTag } from '../../../../src/telephony/sip/message/fields.ts';

const HEAD = [
  'Via: SIP/2.0/UDP h1;branch=z9hG4bK1',
  'Via: SIP/2.0/UDP h2;branch=z9hG4bK2',
  'From: <sip:a@x>;tag=1',
  'To: <sip:b@x>',
  'Call-ID: c9',
];

function failure(lines: string[]): SipParseFailure {
  const r = parseSipMessage(Buffer.from([...lines, '', ''].join('\r\n')));
  assert.equal(r.ok, false);
  return r as SipParseFailure;
}

test('a 400 names the problem and copies Via list, From, To (+tag), Call-ID and CSeq (§8.2.6)', () => {
  const f = failure(['INVITE sip:b@x SIP/2.0', ...HEAD, 'CSeq: 99999999999 INVITE']);
  const r = badRequestFor(f, { toTag: 'zz' });
  assert.ok(r);
  assert.equal(r.status, 400);
  assert.equal(r.reason, 'CSeq number out of range');
  assert.deepEqual(r.headers.getAll('Via'), ['SIP/2.0/UDP h1;branch=z9hG4bK1', 'SIP/2.0/UDP h2;branch=z9hG4bK2']);
  assert.equal(r.headers.get('CSeq'), '99999999999 INVITE');
  assert.equal(r.headers.get('Call-ID'), 'c9');
  assert.equal(getToTag(r), 'zz');
});

test('505 for a bad version, 413 for a body over the limit', () => {
  assert.equal(badRequestFor(failure(['OPTIONS sip:b@x SIP/2.1', ...HEAD, 'CSeq: 1 OPTIONS']))?.status, 505);
  const big = parseSipMessage(Buffer.from(['OPTIONS sip:b@x SIP/2.0', ...HEAD, 'CSeq: 1 OPTIONS', '', 'x'.repeat(50)].join('\r\n')), {
    limits: { maxBodyBytes: 10 },
  });
  assert.ok(!big.ok);
  assert.equal(badRequestFor(big)?.status, 413);
});

test('undefined when the response cannot be routed: responses, ACK, missing headers', () => {
  assert.equal(badRequestFor(failure(['SIP/2.0 200 OK', ...HEAD, 'CSeq: 99999999999 INVITE'])), undefined);
  assert.equal(badRequestFor(failure(['ACK sip:b@x SIP/2.0', ...HEAD, 'CSeq: 99999999999 ACK'])), undefined);
  assert.equal(badRequestFor(failure(['OPTIONS sip:b@x SIP/2.1', ...HEAD.slice(2), 'CSeq: 1 OPTIONS'])), undefined);
});

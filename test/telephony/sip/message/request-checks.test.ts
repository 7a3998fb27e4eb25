import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRequest } from '../../../../src/telephony/sip/message/request-checks.ts';
import { parseSipMessage } from '../../../../src/telephony/sip/message/parser.ts';
import type { SipRequest } from '../../../../src/telephony/sip/message/message.ts';

const BASE = ['Via: SIP/2.0/UDP h;branch=z9hG4bK1', 'From: <sip:a@x>;tag=1', 'To: <sip:b@x>', 'Call-ID: c', 'Max-Forwards: 70'];

function req(method: string, uri: string, extra: string[], body = ''): SipRequest {
  const r = parseSipMessage(Buffer.from([`${method} ${uri} SIP/2.0`, ...BASE, `CSeq: 1 ${method}`, ...extra, '', body].join('\r\n')));
  assert.ok(r.ok && r.message.kind === 'request', r.ok ? '' : r.reason);
  return r.message;
}

test('a well-formed request passes', () => {
  assert.equal(checkRequest(req('OPTIONS', 'sip:b@x', [])), undefined);
  assert.equal(checkRequest(req('INVITE', 'sips:b@x', ['Content-Type: application/sdp'], 'v=0\r\n')), undefined);
  assert.equal(checkRequest(req('OPTIONS', 'sip:b@x', [])), undefined);
});

test('missing mandatory headers and several values in a single-value header are 400', () => {
  const m = req('OPTIONS', 'sip:b@x', []);
  m.headers.remove('Call-ID');
  assert.deepEqual(checkRequest(m), { status: 400, reason: 'Missing Call-ID header' });
  assert.deepEqual(checkRequest(req('OPTIONS', 'sip:b@x', ['To: <sip:c@x>'])), { status: 400, reason: 'Multiple To values' });
  const listed = req('OPTIONS', 'sip:b@x', []);
  listed.headers.set('From', '<sip:a@x>;tag=1, <sip:z@x>');
  assert.equal(checkRequest(listed)?.status, 400);
});

test('CSeq method must match the request method; unknown methods get 501 with Allow when methods are given', () => {
  const m = req('OPTIONS', 'sip:b@x', []);
  m.headers.set('CSeq', '1 INVITE');
  assert.equal(checkRequest(m)?.reason, 'CSeq method does not match the request method');
  assert.deepEqual(checkRequest(req('FOO', 'sip:b@x', []), { methods: ['INVITE', 'BYE'] }), {
    status: 501,
    reason: 'Not Implemented',
    headers: [['Allow', 'INVITE, BYE']],
  });
});

test('Request-URI scheme outside the served set is 416', () => {
  assert.equal(checkRequest(req('OPTIONS', 'mailto:x@y', []))?.status, 416);
  assert.equal(checkRequest(req('OPTIONS', 'tel:+123', [])), undefined);
  assert.equal(checkRequest(req('OPTIONS', 'tel:+123', []), { uriSchemes: ['sip'] })?.status, 416);
});

test('Require with unknown option tags is 420 with Unsupported; ACK and CANCEL are exempt', () => {
  assert.deepEqual(checkRequest(req('OPTIONS', 'sip:b@x', ['Require: timer, foo', 'Require: 100rel']), { supported: ['timer'] }), {
    status: 420,
    reason: 'Bad Extension',
    headers: [['Unsupported', 'foo, 100rel']],
  });
  assert.equal(checkRequest(req('CANCEL', 'sip:b@x', ['Require: foo'])), undefined);
  assert.equal(checkRequest(req('OPTIONS', 'sip:b@x', ['Proxy-Require: foo'])), undefined); // a proxy's concern
});

test('a body type or encoding we do not understand is 415 with Accept; a body without Content-Type too', () => {
  assert.deepEqual(checkRequest(req('INVITE', 'sip:b@x', ['Content-Type: text/html'], '<p>')), {
    status: 415,
    reason: 'Unsupported Media Type',
    headers: [['Accept', 'application/sdp']],
  });
  assert.equal(checkRequest(req('INVITE', 'sip:b@x', [], 'v=0'))?.status, 415);
  assert.equal(
    checkRequest(req('INVITE', 'sip:b@x', ['Content-Type: Application/SDP; charset=x', 'Content-Encoding: gzip'], 'v=0'))?.status,
    415,
  );
  assert.equal(checkRequest(req('MESSAGE', 'sip:b@x', ['Content-Type: text/plain'], 'hi'), { contentTypes: ['text/plain'] }), undefined);
});

test('an INVITE whose Accept rules out application/sdp is 406', () => {
  assert.equal(checkRequest(req('INVITE', 'sip:b@x', ['Accept: text/plain']))?.status, 406);
  assert.equal(checkRequest(req('INVITE', 'sip:b@x', ['Accept: text/plain, application/*'])), undefined);
  assert.equal(checkRequest(req('OPTIONS', 'sip:b@x', ['Accept: text/plain'])), undefined);
});

test('malformed Contact/Route and a REGISTER whose To is not SIP are 400', () => {
  assert.match(checkRequest(req('OPTIONS', 'sip:b@x', ['Contact: <sip:a@x']))?.reason ?? '', /^Contact/);
  const reg = req('REGISTER', 'sip:x', []);
  reg.headers.set('To', '<tel:+123>');
  assert.equal(checkRequest(reg)?.status, 400);
});

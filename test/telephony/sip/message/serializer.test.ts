import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serializeSipMessage } from '../../../../src/telephony/sip/message/serializer.ts';
import { SipHeaders } from '../../../../src/telephony/sip/message/headers.ts';

test('canonical names, CRLF, Content-Length written from the body (a stale one is dropped)', () => {
  const headers = new SipHeaders([
    ['v', 'SIP/2.0/UDP h;branch=z9hG4bK1'],
    ['content-length', '999'],
    ['call-id', 'x'],
  ]);
  const out = serializeSipMessage({ kind: 'request', method: 'OPTIONS', uri: 'sip:b@x', headers, body: Buffer.from('héllo') });
  assert.equal(
    out.toString('utf8'),
    'OPTIONS sip:b@x SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCall-ID: x\r\nContent-Length: 6\r\n\r\nhéllo',
  );
});

test('a response line, and CR/LF in a value cannot forge header lines', () => {
  const headers = new SipHeaders([['Subject', 'a\r\nVia: forged']]);
  const out = serializeSipMessage({ kind: 'response', status: 486, reason: 'Busy\r\nHere', headers, body: new Uint8Array(0) });
  assert.equal(out.toString(), 'SIP/2.0 486 Busy  Here\r\nSubject: a  Via: forged\r\nContent-Length: 0\r\n\r\n');
});

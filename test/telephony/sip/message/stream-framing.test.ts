import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { frameStreamMessage } from '../../../../src/telephony/sip/message/stream-framing.ts';
import { parseSipMessage } from '../../../../src/telephony/sip/message/parser.ts';

const HEAD =
  'OPTIONS sip:b@x SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@x>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n';
const message = (body: string, cl = `Content-Length: ${Buffer.byteLength(body)}\r\n`): string => `${HEAD}${cl}\r\n${body}`;

test('frames back-to-back messages by Content-Length, after keep-alive CRLFs', () => {
  const one = message('hello');
  const buf = Buffer.from('\r\n\r\n' + one + message(''));
  const f = frameStreamMessage(buf);
  assert.deepEqual(f, { kind: 'message', start: 4, end: 4 + Buffer.byteLength(one) });
  const r = parseSipMessage(buf.subarray(4, 4 + Buffer.byteLength(one)));
  assert.ok(r.ok && Buffer.from(r.message.body).toString() === 'hello');
  const rest = buf.subarray(4 + Buffer.byteLength(one));
  assert.equal(frameStreamMessage(rest).kind, 'message');
});

test('incomplete until the whole body is there; compact l: counts', () => {
  const whole = Buffer.from(message('0123456789', 'l: 10\r\n'));
  for (let cut = 0; cut < whole.length; cut++) assert.equal(frameStreamMessage(whole.subarray(0, cut)).kind, 'incomplete', `cut at ${cut}`);
  assert.deepEqual(frameStreamMessage(whole), { kind: 'message', start: 0, end: whole.length });
  assert.deepEqual(frameStreamMessage(Buffer.from('\r\n\r\n')), { kind: 'incomplete', skip: 4 });
});

test('no, negative, folded or conflicting Content-Length, and limits, break the stream', () => {
  assert.equal(frameStreamMessage(Buffer.from(message('x', ''))).kind, 'error');
  assert.equal(frameStreamMessage(Buffer.from(message('x', 'Content-Length: -1\r\n'))).kind, 'error');
  assert.equal(frameStreamMessage(Buffer.from(message('x', 'Content-Length:\r\n 1\r\n'))).kind, 'error');
  assert.equal(frameStreamMessage(Buffer.from(message('x', 'Content-Length: 1\r\nl: 2\r\n'))).kind, 'error');
  assert.deepEqual(frameStreamMessage(Buffer.from(message('xx')), { maxBodyBytes: 1 }), {
    kind: 'error',
    status: 413,
    reason: 'body of 2 bytes exceeds the 1-byte limit',
  });
  assert.equal(frameStreamMessage(Buffer.from('A'.repeat(300)), { maxMessageBytes: 200 }).kind, 'error');
});

test('arbitrary bytes never make the framer throw, and a frame lies inside the buffer', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (bytes, prefix) => {
      const buf = prefix ? Buffer.concat([Buffer.from(message('').slice(0, 60)), bytes]) : Buffer.from(bytes);
      const f = frameStreamMessage(buf);
      if (f.kind === 'message') assert.ok(f.start <= f.end && f.end <= buf.length);
    }),
    { numRuns: 2000 },
  );
});

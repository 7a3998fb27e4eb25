import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDtmfInfo } from '../../../../src/telephony/sip/dialog/index.ts';

const b = (s: string) => Buffer.from(s, 'latin1');

test('application/dtmf-relay: Signal and Duration', () => {
  assert.deepEqual(parseDtmfInfo('application/dtmf-relay', b('Signal=5\r\nDuration=160\r\n')), { digit: '5', durationMs: 160 });
  assert.deepEqual(parseDtmfInfo('Application/DTMF-Relay; charset=x', b('Signal= #\nDuration= 250')), { digit: '#', durationMs: 250 });
  assert.deepEqual(parseDtmfInfo('application/dtmf-relay', b('Signal=10\r\nDuration=100')), { digit: '*', durationMs: 100 });
  assert.deepEqual(parseDtmfInfo('application/dtmf-relay', b('Signal=11')), { digit: '#' });
  assert.deepEqual(parseDtmfInfo('application/dtmf-relay', b('signal=d')), { digit: 'D' });
  assert.deepEqual(parseDtmfInfo('application/dtmf-relay', b('Signal=1\r\nDuration=abc')), { digit: '1' });
  assert.equal(parseDtmfInfo('application/dtmf-relay', b('Signal=16')), undefined);
  assert.equal(parseDtmfInfo('application/dtmf-relay', b('Duration=160')), undefined);
});

test('application/dtmf: the key alone; other types are not DTMF', () => {
  for (const d of '0123456789*#ABCD') assert.deepEqual(parseDtmfInfo('application/dtmf', b(d)), { digit: d });
  assert.deepEqual(parseDtmfInfo('application/dtmf', b('7\r\n')), { digit: '7' });
  assert.deepEqual(parseDtmfInfo('application/dtmf', b('11')), { digit: '#' });
  assert.equal(parseDtmfInfo('application/dtmf', b('E')), undefined);
  assert.equal(parseDtmfInfo('application/sdp', b('5')), undefined);
  assert.equal(parseDtmfInfo(undefined, b('5')), undefined);
});

test('never throws, and any digit it returns is a DTMF key', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('application/dtmf', 'application/dtmf-relay', 'text/plain'),
      fc.uint8Array({ maxLength: 200 }),
      (type, body) => {
        const r = parseDtmfInfo(type, body);
        if (r) assert.ok('0123456789*#ABCD'.includes(r.digit) && r.digit.length === 1);
      },
    ),
  );
  fc.assert(
    fc.property(fc.string(), fc.string(), (type, text) => {
      const r = parseDtmfInfo('application/dtmf-relay', b(`Signal=${text}\r\nDuration=${type}`));
      if (r) assert.equal(r.digit.length, 1);
    }),
  );
});

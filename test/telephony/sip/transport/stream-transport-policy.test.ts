import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mustUseStreamTransport } from '../../../../src/telephony/sip/transport/stream-transport-policy.ts';

test('MTU unknown: over 1300 bytes must use a congestion-controlled transport (RFC 3261 §18.1.1)', () => {
  assert.equal(mustUseStreamTransport(1300), false);
  assert.equal(mustUseStreamTransport(1301), true);
  assert.equal(mustUseStreamTransport(Buffer.alloc(1301)), true);
  assert.equal(mustUseStreamTransport(Buffer.alloc(200)), false);
});

test('MTU known: within 200 bytes of it', () => {
  assert.equal(mustUseStreamTransport(1300, 1500), false);
  assert.equal(mustUseStreamTransport(1301, 1500), true);
  assert.equal(mustUseStreamTransport(8000, 9000), false);
  assert.equal(mustUseStreamTransport(8801, 9000), true);
  assert.equal(mustUseStreamTransport(400, 576), true);
});

test('a nonsense MTU is treated as unknown', () => {
  assert.equal(mustUseStreamTransport(1000, 0), false);
  assert.equal(mustUseStreamTransport(1400, Number.NaN), true);
});

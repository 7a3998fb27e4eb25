import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newRequestId, newSessionId } from '../../src/shared/ids.ts';

test('a SessionId is 32 lowercase hex digits laid out as a UUIDv7 (version 7, variant 10)', () => {
  for (let i = 0; i < 200; i++) {
    const id = newSessionId();
    assert.match(id, /^[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
  }
});

test('SessionIds sort by creation time: the first 48 bits are the Unix ms', () => {
  const t = Date.UTC(2026, 11, 1, 12, 0, 0);
  assert.equal(parseInt(newSessionId(t).slice(0, 12), 16), t);
  const ids = [t, t + 1, t + 1000, t + 86_400_000].map((ms) => newSessionId(ms));
  assert.deepEqual([...ids].sort(), ids);
});

test('SessionIds within one millisecond still differ (74 random bits)', () => {
  const t = Date.now();
  const ids = new Set(Array.from({ length: 10_000 }, () => newSessionId(t)));
  assert.equal(ids.size, 10_000);
});

test('a RequestId is a lowercase UUID with dashes', () => {
  assert.match(newRequestId(), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { backoffDelay, DEFAULT_BACKOFF } from '../../src/events/backoff.ts';

test('the ceiling doubles from the base up to the cap; random picks within it (full jitter)', () => {
  const top = () => 0.999_999_999;
  assert.deepStrictEqual(
    [1, 2, 3, 4, 10, 11, 300, 5_000].map((a) => backoffDelay(a, top) + 1),
    [1_000, 2_000, 4_000, 8_000, 512_000, 600_000, 600_000, 600_000],
  );
  assert.equal(
    backoffDelay(3, () => 0),
    0,
  );
  assert.equal(
    backoffDelay(3, () => 0.25),
    1_000,
  );
  assert.equal(
    backoffDelay(2, () => 0.5, { baseMs: 100, capMs: 150 }),
    75,
  );
});

test('every delay is in [0, min(cap, base * 2^(attempt-1)))', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
      const d = backoffDelay(attempt, () => r);
      const ceiling = Math.min(DEFAULT_BACKOFF.capMs, DEFAULT_BACKOFF.baseMs * 2 ** (attempt - 1));
      return Number.isInteger(d) && d >= 0 && d < ceiling;
    }),
  );
});

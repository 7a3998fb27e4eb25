import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInt8 } from '../../src/storage/dialect/postgres-adapter.ts';

test('parseInt8 turns int8 text into numbers and refuses what a number cannot hold', () => {
  assert.equal(parseInt8('1795595487236'), 1795595487236);
  assert.equal(parseInt8('-5'), -5);
  assert.equal(parseInt8(String(Number.MAX_SAFE_INTEGER)), Number.MAX_SAFE_INTEGER);
  assert.throws(() => parseInt8('9007199254740993'), RangeError);
});

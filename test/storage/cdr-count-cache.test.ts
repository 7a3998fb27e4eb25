import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CdrCountCache } from '../../src/storage/cdr-count-cache.ts';

const q = (over: object = {}) => ({ sdkAppId: 1, fromMs: 0, toMs: 100, offset: 0, limit: 20, ...over });

test('a stored total is served for the same query, whatever its page or filter order', () => {
  const c = new CdrCountCache();
  c.store(q({ phones: ['a', 'b'] }), 7, c.generation(1));
  assert.equal(c.get(q({ phones: ['b', 'a'], offset: 40 })), 7);
  assert.equal(c.get(q()), undefined, 'no filter is a different query');
});

test('a new CDR of the app drops its totals; other apps keep theirs', () => {
  const c = new CdrCountCache();
  c.store(q(), 3, c.generation(1));
  c.store(q({ sdkAppId: 2 }), 5, c.generation(2));
  c.invalidate(1);
  assert.equal(c.get(q()), undefined);
  assert.equal(c.get(q({ sdkAppId: 2 })), 5);
});

test('a count that ran while a CDR was written is never stored', () => {
  const c = new CdrCountCache();
  const before = c.generation(1);
  c.invalidate(1); // a CDR lands while the count runs
  c.store(q(), 3, before);
  assert.equal(c.get(q()), undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CdrQueryCache } from '../../src/app/cdr-query-cache.ts';

const q = (over: object = {}) => ({ sdkAppId: 1, fromMs: 0, toMs: 100, offset: 0, limit: 20, ...over });

test('a stored answer is served for the same query; totals ignore paging, id pages do not', () => {
  const c = new CdrQueryCache();
  c.store('total', q({ phones: ['a', 'b'] }), 7, c.generation(1));
  assert.equal(c.get('total', q({ phones: ['b', 'a'], offset: 40 })), 7, 'totals ignore paging and filter order');
  assert.equal(c.get('total', q()), undefined, 'no filter is a different query');
  c.store('ids', q(), ['x'], c.generation(1));
  assert.deepEqual(c.get('ids', q()), ['x']);
  assert.equal(c.get('ids', q({ offset: 20 })), undefined, 'another page is another answer');
});

test('a new CDR of the app drops its totals; other apps keep theirs', () => {
  const c = new CdrQueryCache();
  c.store('total', q(), 3, c.generation(1));
  c.store('total', q({ sdkAppId: 2 }), 5, c.generation(2));
  c.invalidate(1);
  assert.equal(c.get('total', q()), undefined);
  assert.equal(c.get('total', q({ sdkAppId: 2 })), 5);
});

test('a count that ran while a CDR was written is never stored', () => {
  const c = new CdrQueryCache();
  const before = c.generation(1);
  c.invalidate(1); // a CDR lands while the count runs
  c.store('total', q(), 3, before);
  assert.equal(c.get('total', q()), undefined);
});

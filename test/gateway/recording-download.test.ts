import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byteRange } from '../../src/gateway/recording-download.ts';

test('byteRange: single ranges as RFC 9110 reads them; several ranges or other units serve the whole file', () => {
  assert.equal(byteRange(undefined, 100), undefined);
  assert.deepEqual(byteRange('bytes=0-9', 100), { start: 0, end: 9 });
  assert.deepEqual(byteRange('bytes=90-', 100), { start: 90, end: 99 });
  assert.deepEqual(byteRange('bytes=90-1000', 100), { start: 90, end: 99 });
  assert.deepEqual(byteRange('bytes=-10', 100), { start: 90, end: 99 });
  assert.deepEqual(byteRange('bytes=-1000', 100), { start: 0, end: 99 });
  assert.equal(byteRange('bytes=100-', 100), null);
  assert.equal(byteRange('bytes=5-4', 100), null);
  assert.equal(byteRange('bytes=-0', 100), null);
  assert.equal(byteRange('bytes=0-1,5-6', 100), undefined);
  assert.equal(byteRange('items=0-1', 100), undefined);
  assert.equal(byteRange('bytes=-', 100), undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteLru } from '../../../src/media/tts/byte-lru.ts';

const lru = (max: number) => new ByteLru<string>(max, (v) => v.length);

test('evicts the least recently used entries until the total fits', () => {
  const c = lru(10);
  c.set('a', 'xxxx');
  c.set('b', 'xxxx');
  assert.equal(c.get('a'), 'xxxx'); // a is now the most recent
  c.set('c', 'xxxx');
  assert.equal(c.get('b'), undefined);
  assert.equal(c.get('a'), 'xxxx');
  assert.equal(c.get('c'), 'xxxx');
  assert.equal(c.bytes, 8);
});

test('a value over the whole budget is not kept; replacing a key recounts its size', () => {
  const c = lru(10);
  c.set('big', 'x'.repeat(11));
  assert.equal(c.size, 0);
  c.set('k', 'xx');
  c.set('k', 'xxxxx');
  assert.equal(c.bytes, 5);
  c.delete('k');
  assert.equal(c.bytes, 0);
});

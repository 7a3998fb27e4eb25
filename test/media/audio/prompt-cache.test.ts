import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toPromptAudio } from '../../../src/media/audio/frames.ts';
import { PromptCache } from '../../../src/media/audio/prompt-cache.ts';

/** A prompt of `frames` frames: 320 bytes each. */
const audio = (frames: number) => toPromptAudio(new Int16Array(frames * 160));
const key = (path: string, size = 100, mtimeMs = 1) => ({ path, size, mtimeMs });

test('a hit needs the same path, size and mtime; a changed file is a miss and drops the stale decode', () => {
  const c = new PromptCache(10_000);
  const a = audio(1);
  c.set(key('/p/a.wav'), a);
  assert.equal(c.get(key('/p/a.wav')), a);
  assert.equal(c.get(key('/p/a.wav', 101)), undefined);
  assert.equal(c.stats().entries, 0, 'the stale entry is gone');
  c.set(key('/p/a.wav'), a);
  assert.equal(c.get(key('/p/a.wav', 100, 2)), undefined);
  assert.equal(c.get(key('/p/b.wav')), undefined);
  assert.deepEqual(c.stats(), { entries: 0, bytes: 0, maxBytes: 10_000, hits: 1, misses: 3, evictions: 0 });
});

test('the byte budget evicts the least recently used first', () => {
  const c = new PromptCache(3 * 320);
  c.set(key('/a'), audio(1));
  c.set(key('/b'), audio(1));
  c.set(key('/c'), audio(1));
  c.get(key('/a')); // a is now the most recent
  c.set(key('/d'), audio(1));
  assert.ok(c.get(key('/a')));
  assert.equal(c.get(key('/b')), undefined, 'b was least recently used');
  assert.ok(c.get(key('/c')) && c.get(key('/d')));
  assert.equal(c.stats().bytes, 960);
  // A big one pushes out as many as needed.
  c.set(key('/big'), audio(3));
  assert.deepEqual([c.stats().entries, c.stats().bytes, c.stats().evictions], [1, 960, 4]);
});

test('a prompt larger than the budget is not kept; re-setting a path replaces it without double counting', () => {
  const c = new PromptCache(640);
  assert.equal(c.set(key('/huge'), audio(3)), false);
  assert.equal(c.stats().entries, 0);
  c.set(key('/a'), audio(1));
  c.set(key('/a', 200, 2), audio(2));
  assert.deepEqual([c.stats().entries, c.stats().bytes], [1, 640]);
  c.delete('/a');
  c.delete('/nothing');
  assert.equal(c.stats().bytes, 0);
  c.set(key('/a'), audio(1));
  c.clear();
  assert.deepEqual([c.stats().entries, c.stats().bytes], [0, 0]);
  assert.throws(() => new PromptCache(-1), RangeError);
});

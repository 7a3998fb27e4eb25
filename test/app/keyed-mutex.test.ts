import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedMutex } from '../../src/app/keyed-mutex.ts';

const tick = () => new Promise((r) => setImmediate(r));

test('work on one key runs one at a time, in arrival order; other keys run alongside', async () => {
  const m = new KeyedMutex();
  const log: string[] = [];
  const job = (name: string, keys: string[]) =>
    m.run(keys, async () => {
      log.push(`${name}+`);
      await tick();
      await tick();
      log.push(`${name}-`);
    });
  await Promise.all([job('a', ['x']), job('b', ['x']), job('c', ['y'])]);
  assert.ok(log.indexOf('a-') < log.indexOf('b+'), log.join(' '));
  assert.ok(log.indexOf('c+') < log.indexOf('a-'), 'a different key is not blocked');
  assert.equal(m.size(), 0, 'no key is left behind');
});

test('a failing holder releases its keys', async () => {
  const m = new KeyedMutex();
  await assert.rejects(
    m.run(['k'], async () => {
      throw new Error('boom');
    }),
  );
  assert.equal(await m.run(['k'], async () => 7), 7);
  assert.equal(m.size(), 0);
});

test('two multi-key holders in opposite orders do not deadlock', async () => {
  const m = new KeyedMutex();
  const r = await Promise.all([m.run(['a', 'b'], async () => 1), m.run(['b', 'a'], async () => 2)]);
  assert.deepEqual(r, [1, 2]);
});

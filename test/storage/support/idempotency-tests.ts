import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Storage } from '../../../src/storage/repositories.ts';
import { T0 } from './fixtures.ts';

export function idempotencyTests(storage: () => Storage): void {
  const repo = () => storage().idempotency;

  test('get of an unknown key is undefined', async () => {
    assert.equal(await repo().get(randomUUID()), undefined);
  });

  test('put stores once: a second put is refused and the first answer stays', async () => {
    const key = randomUUID();
    const body = JSON.stringify({ Response: { SessionId: 'x', RequestId: 'r' } });
    assert.equal(await repo().put(key, body, T0, T0 + 60_000), true);
    assert.equal(await repo().put(key, '{"other":1}', T0 + 1, T0 + 60_000), false);
    assert.deepStrictEqual(await repo().get(key), { body, createdAtMs: T0 });
  });

  test('complete replaces the body of a reservation, keeping its times', async () => {
    const key = randomUUID();
    assert.equal(await repo().put(key, '', T0, T0 + 60_000), true);
    await repo().complete(key, '{"answer":1}');
    assert.deepStrictEqual(await repo().get(key), { body: '{"answer":1}', createdAtMs: T0 });
    assert.equal(await repo().put(key, '{"other":1}', T0 + 1, T0 + 60_000), false, 'the key is still taken');
  });

  test('concurrent puts of one key: exactly one wins', async () => {
    const key = randomUUID();
    const won = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => repo().put(key, `body-${i}`, T0, T0 + 1_000)));
    assert.equal(won.filter(Boolean).length, 1);
    assert.equal((await repo().get(key))?.body, `body-${won.indexOf(true)}`);
  });

  test('prune deletes entries expired at or before now, and only those', async () => {
    const now = 9_000_000_000_000;
    await repo().prune(now - 100); // what earlier tests left in this database
    const [gone1, gone2, kept] = [randomUUID(), randomUUID(), randomUUID()];
    await repo().put(gone1, 'a', now - 10, now - 1);
    await repo().put(gone2, 'b', now - 10, now);
    await repo().put(kept, 'c', now - 10, now + 1);
    assert.equal(await repo().prune(now), 2);
    assert.equal(await repo().prune(now), 0);
    assert.equal(await repo().get(gone1), undefined);
    assert.equal(await repo().get(gone2), undefined);
    assert.equal((await repo().get(kept))?.body, 'c');
    assert.equal(await repo().put(gone1, 'again', now, now + 10), true, 'a pruned key is free again');
  });

  test('put replaces an entry already expired but not yet pruned', async () => {
    const key = randomUUID();
    assert.equal(await repo().put(key, 'old', T0, T0 + 100), true);
    assert.equal(await repo().put(key, 'early', T0 + 99, T0 + 500), false, 'still live one ms before expiry');
    assert.equal(await repo().put(key, 'new', T0 + 100, T0 + 500), true);
    assert.deepStrictEqual(await repo().get(key), { body: 'new', createdAtMs: T0 + 100 });
  });

  test('bodies round trip byte for byte, large and non-ASCII', async () => {
    const key = randomUUID();
    const body = JSON.stringify({ Response: { Text: '\u4e2d\u6587 \ud83d\udcde "q" \\ \n', Pad: 'x'.repeat(200_000) } });
    await repo().put(key, body, T0, T0 + 1);
    assert.equal((await repo().get(key))?.body, body);
  });
}

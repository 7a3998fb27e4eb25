import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Storage } from '../../../src/storage/repositories.ts';
import { T0 } from './fixtures.ts';

export function clientTokenTests(storage: () => Storage): void {
  const repo = () => storage().clientTokens;
  const use = (token: string, sessionId: string, createdAtMs = T0, requestHash = 'h1') => ({
    sdkAppId: 1400000000,
    token,
    requestHash,
    sessionId,
    createdAtMs,
  });

  test('reserve takes a token once; get answers the first use until it expires', async () => {
    const token = randomUUID();
    assert.equal(await repo().reserve(use(token, 's1'), T0 + 1000), true);
    assert.equal(await repo().reserve(use(token, 's2', T0 + 1, 'h2'), T0 + 1001), false);
    assert.deepStrictEqual(await repo().get(1400000000, token, T0 + 999), use(token, 's1'));
    assert.equal(await repo().get(1400000000, token, T0 + 1000), undefined, 'expired at expires_at');
    assert.equal(await repo().get(1400000001, token, T0), undefined, 'tokens are per app');
  });

  test('an expired entry is replaced by the next reservation, even before pruning', async () => {
    const token = randomUUID();
    await repo().reserve(use(token, 'old'), T0 + 10);
    assert.equal(await repo().reserve(use(token, 'new', T0 + 10), T0 + 20), true);
    assert.equal((await repo().get(1400000000, token, T0 + 11))?.sessionId, 'new');
  });

  test('concurrent reservations of one token: exactly one wins', async () => {
    const token = randomUUID();
    const won = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => repo().reserve(use(token, `s${i}`), T0 + 1000)));
    assert.equal(won.filter(Boolean).length, 1);
    assert.equal((await repo().get(1400000000, token, T0))?.sessionId, `s${won.indexOf(true)}`);
  });

  test("release frees the token only while it is still that session's; prune drops expired ones", async () => {
    const token = randomUUID();
    await repo().reserve(use(token, 's1'), T0 + 1000);
    await repo().release(1400000000, token, 'someone-else');
    assert.equal((await repo().get(1400000000, token, T0))?.sessionId, 's1');
    await repo().release(1400000000, token, 's1');
    assert.equal(await repo().get(1400000000, token, T0), undefined);
    const now = 9_000_000_000_000;
    await repo().prune(now - 100);
    await repo().reserve(use(randomUUID(), 'a', now - 10), now);
    await repo().reserve(use(randomUUID(), 'b', now - 10), now + 1);
    assert.equal(await repo().prune(now), 1);
  });
}

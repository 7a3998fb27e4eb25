import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Storage } from '../../../src/storage/repositories.ts';
import type { StorageTarget } from './storage-targets.ts';
import { aFinishedSession, aSession, freshAppId, T0 } from './fixtures.ts';
import { cdrOf } from './cdr-read.ts';

export function restartTests(target: StorageTarget, shared: () => Storage): void {
  test('data survives closing and reopening the database', async () => {
    const app = freshAppId();
    const live = aSession({ sdkAppId: app, status: 'ringing' });
    const done = aFinishedSession({ sdkAppId: app });
    const key = randomUUID();
    const first = await target.open();
    try {
      await first.sessions.insert(live);
      await first.finishSession(done);
      await first.idempotency.put(key, 'answer', T0, T0 + 1_000);
    } finally {
      await first.close();
    }
    const second = await target.open();
    try {
      assert.deepStrictEqual(await second.sessions.get(app, live.sessionId), live);
      assert.deepStrictEqual(await cdrOf(second, app, done.sessionId), done);
      assert.deepStrictEqual(await second.sessions.listActive(app, 0, 10), { total: 1, items: [live] });
      assert.deepStrictEqual(await second.idempotency.get(key), { body: 'answer', createdAtMs: T0 });
    } finally {
      await second.close();
    }
  });

  test('pendingMigrations: none once open (migrate ran), and it rejects once the storage is closed', async () => {
    assert.equal(await shared().pendingMigrations(), 0);
    const other = await target.open();
    await other.close();
    await assert.rejects(other.pendingMigrations());
  });

  test('migrate again on an up-to-date database changes nothing', async () => {
    const s = aFinishedSession({ sdkAppId: freshAppId() });
    await shared().finishSession(s);
    await shared().migrate();
    await shared().migrate();
    assert.deepStrictEqual(await cdrOf(shared(), s.sdkAppId, s.sessionId), s);
  });

  test('close is idempotent', async () => {
    const st = await target.open();
    await Promise.all([st.close(), st.close()]);
    await st.close();
    assert.equal(st.dialect, target.name);
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Storage } from '../../../src/storage/repositories.ts';
import { newSessionRecord } from '../../../src/domain/session.ts';
import { aFinishedSession, aSession, freshAppId, T0 } from './fixtures.ts';
import { sessionRecordArb } from './session-arbitrary.ts';

export function sessionTests(storage: () => Storage): void {
  test('insert then get returns every field, JSON fields included', async () => {
    const s = aFinishedSession({ sdkAppId: freshAppId(), direction: 0 });
    await storage().sessions.insert(s);
    assert.deepStrictEqual(await storage().sessions.get(s.sdkAppId, s.sessionId), s);
  });

  test('nulls and empty collections of a new session round trip', async () => {
    const s = newSessionRecord({
      sessionId: 'new-session-nulls',
      sdkAppId: freshAppId(),
      ivrId: 1,
      callee: '13800000000',
      calleeE164: '+8613800000000',
      caller: '1',
      uui: '',
      variables: {},
      startedAt: T0,
      requestId: 'r',
    });
    await storage().sessions.insert(s);
    assert.deepStrictEqual(await storage().sessions.get(s.sdkAppId, s.sessionId), s);
  });

  test('get is scoped to the app and answers undefined for unknown ids', async () => {
    const s = aSession({ sdkAppId: freshAppId() });
    await storage().sessions.insert(s);
    assert.equal(await storage().sessions.get(s.sdkAppId + 1, s.sessionId), undefined);
    assert.equal(await storage().sessions.get(s.sdkAppId, 'no-such-session'), undefined);
  });

  test('insert refuses a duplicate sessionId', async () => {
    const s = aSession({ sdkAppId: freshAppId() });
    await storage().sessions.insert(s);
    await assert.rejects(storage().sessions.insert({ ...s, caller: 'other' }));
    assert.equal((await storage().sessions.get(s.sdkAppId, s.sessionId))?.caller, s.caller);
  });

  test('save overwrites every field, and back to nulls', async () => {
    const first = aSession({ sdkAppId: freshAppId() });
    await storage().sessions.insert(first);
    const full = aFinishedSession({
      sessionId: first.sessionId,
      sdkAppId: first.sdkAppId,
      ivrId: 77,
      caller: '9',
      callee: '7',
      calleeE164: '+7',
      requestId: 'r2',
      startedAt: T0 + 1,
    });
    await storage().sessions.save(full);
    assert.deepStrictEqual(await storage().sessions.get(first.sdkAppId, first.sessionId), full);
    await storage().sessions.save(first);
    assert.deepStrictEqual(await storage().sessions.get(first.sdkAppId, first.sessionId), first);
  });

  test('save of a session never inserted stores it', async () => {
    const s = aSession({ sdkAppId: freshAppId() });
    await storage().sessions.save(s);
    assert.deepStrictEqual(await storage().sessions.get(s.sdkAppId, s.sessionId), s);
  });

  test('listActive: unfinished only, oldest first, paged with a stable total', async () => {
    const app = freshAppId();
    const a = aSession({ sdkAppId: app, sessionId: 'la-b', startedAt: T0 + 10 });
    const b = aSession({ sdkAppId: app, sessionId: 'la-a', startedAt: T0 + 10, status: 'ringing' }); // same time: id breaks the tie
    const c = aSession({ sdkAppId: app, sessionId: 'la-c', startedAt: T0 + 5, status: 'inProgress' });
    const d = aSession({ sdkAppId: app, sessionId: 'la-d', startedAt: T0 + 20 });
    const done = aSession({ sdkAppId: app, sessionId: 'la-done', startedAt: T0, status: 'finished' });
    const elsewhere = aSession({ sdkAppId: freshAppId(), sessionId: 'la-other', startedAt: T0 });
    for (const s of [a, b, c, d, done, elsewhere]) await storage().sessions.insert(s);

    const all = await storage().sessions.listActive(app, 0, 10);
    assert.equal(all.total, 4);
    assert.deepStrictEqual(
      all.items.map((s) => s.sessionId),
      ['la-c', 'la-a', 'la-b', 'la-d'],
    );
    assert.deepStrictEqual(all.items[0], c);

    const p1 = await storage().sessions.listActive(app, 1, 2);
    assert.deepStrictEqual({ total: p1.total, ids: p1.items.map((s) => s.sessionId) }, { total: 4, ids: ['la-a', 'la-b'] });
    const past = await storage().sessions.listActive(app, 4, 2);
    assert.deepStrictEqual({ total: past.total, ids: past.items.map((s) => s.sessionId) }, { total: 4, ids: [] });
  });

  test('listActive of an app with no sessions is empty', async () => {
    assert.deepStrictEqual(await storage().sessions.listActive(freshAppId(), 0, 10), { total: 0, items: [] });
  });

  test('listUnfinished spans every app, oldest first, and skips finished sessions', async () => {
    const [app1, app2] = [freshAppId(), freshAppId()];
    const x = aSession({ sdkAppId: app1, startedAt: T0 + 300 });
    const y = aSession({ sdkAppId: app2, startedAt: T0 + 100, status: 'inProgress' });
    const z = aSession({ sdkAppId: app1, startedAt: T0 + 200, status: 'finished' });
    for (const s of [x, y, z]) await storage().sessions.insert(s);
    const mine = (await storage().sessions.listUnfinished()).filter((s) => s.sdkAppId === app1 || s.sdkAppId === app2);
    assert.deepStrictEqual(mine, [y, x]);
  });

  test("countByCallee counts the app's calls to that E.164 number at or after sinceMs", async () => {
    const app = freshAppId();
    const callee = '+8613911112222';
    const at = (startedAt: number, over = {}) => aSession({ sdkAppId: app, calleeE164: callee, startedAt, ...over });
    for (const s of [
      at(T0 - 1),
      at(T0),
      at(T0 + 1, { status: 'finished' }),
      at(T0 + 2, { calleeE164: '+8613900000000' }),
      at(T0 + 3, { sdkAppId: app + 1000 }),
    ]) {
      await storage().sessions.insert(s);
    }
    assert.equal(await storage().sessions.countByCallee(app, callee, T0), 2);
    assert.equal(await storage().sessions.countByCallee(app, callee, T0 - 1), 3);
    assert.equal(await storage().sessions.countByCallee(app, callee, T0 + 2), 0);
  });

  test("countByCaller counts the app's calls from that number at or after sinceMs", async () => {
    const app = freshAppId();
    const at = (startedAt: number, caller = '02011112222') => aSession({ sdkAppId: app, caller, startedAt });
    for (const s of [at(T0 - 1), at(T0), at(T0 + 50), at(T0 + 60, '02099999999')]) await storage().sessions.insert(s);
    assert.equal(await storage().sessions.countByCaller(app, '02011112222', T0), 2);
    assert.equal(await storage().sessions.countByCaller(app, '02011112222', T0 + 51), 0);
    assert.equal(await storage().sessions.countByCaller(app, '02099999999', 0), 1);
  });

  test('property: any session record survives save and get unchanged', async () => {
    await fc.assert(
      // save, not insert: shrinking replays the same sessionId.
      fc.asyncProperty(sessionRecordArb, async (s) => {
        await storage().sessions.save(s);
        assert.deepStrictEqual(await storage().sessions.get(s.sdkAppId, s.sessionId), s);
      }),
      { numRuns: 40 },
    );
  });
}

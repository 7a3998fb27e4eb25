import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionRecord } from '../../../src/domain/session.ts';
import type { CdrQuery, Storage } from '../../../src/storage/repositories.ts';
import { aFinishedSession, aSession, freshAppId, T0 } from './fixtures.ts';
import { cdrOf, idPage, cdrPage } from './cdr-read.ts';

export function cdrTests(storage: () => Storage): void {
  const ids = (items: SessionRecord[]) => items.map((s) => s.sessionId);
  const query = (q: Partial<CdrQuery> & { sdkAppId: number }) =>
    cdrPage(storage(), { fromMs: 0, toMs: Number.MAX_SAFE_INTEGER, offset: 0, limit: 100, ...q });
  /** Finishes sessions of one app; returns them in insertion order. */
  const finishAll = async (list: SessionRecord[]) => {
    for (const s of list) await storage().finishSession(s);
    return list;
  };

  test('finishSession saves the session and writes a CDR equal to it', async () => {
    const live = aSession({ sdkAppId: freshAppId() });
    await storage().sessions.insert(live);
    const done = aFinishedSession({ sessionId: live.sessionId, sdkAppId: live.sdkAppId });
    await storage().finishSession(done);
    assert.deepStrictEqual(await storage().sessions.get(done.sdkAppId, done.sessionId), done);
    assert.deepStrictEqual(await cdrOf(storage(), done.sdkAppId, done.sessionId), done);
    assert.equal(await cdrOf(storage(), done.sdkAppId + 1, done.sessionId), undefined);
    assert.equal((await storage().sessions.listActive(done.sdkAppId, 0, 10)).total, 0);
  });

  test('finishSession twice is harmless: the first CDR stands', async () => {
    const first = aFinishedSession({ sdkAppId: freshAppId(), endStatus: 206 });
    await storage().finishSession(first);
    await storage().finishSession({ ...first, endStatus: 208, hungUpSide: 'system' });
    assert.deepStrictEqual(await cdrOf(storage(), first.sdkAppId, first.sessionId), first);
    assert.equal((await query({ sdkAppId: first.sdkAppId })).total, 1);
  });

  test('finishSession of a session never inserted stores both rows', async () => {
    const s = aFinishedSession({ sdkAppId: freshAppId() });
    await storage().finishSession(s);
    assert.deepStrictEqual(await storage().sessions.get(s.sdkAppId, s.sessionId), s);
    assert.deepStrictEqual(await cdrOf(storage(), s.sdkAppId, s.sessionId), s);
  });

  test('concurrent finishSession calls for one session write one CDR', async () => {
    const s = aFinishedSession({ sdkAppId: freshAppId() });
    await Promise.all([1, 2, 3, 4].map(() => storage().finishSession(s)));
    assert.equal((await query({ sdkAppId: s.sdkAppId })).total, 1);
  });

  test('query: the time range is inclusive at both ends and scoped to the app', async () => {
    const app = freshAppId();
    const [from, to] = [T0 + 1_000, T0 + 2_000];
    const at = (id: string, startedAt: number) => aFinishedSession({ sdkAppId: app, sessionId: `range-${app}-${id}`, startedAt });
    await finishAll([at('before', from - 1), at('from', from), at('mid', from + 500), at('to', to), at('after', to + 1)]);
    await storage().finishSession(aFinishedSession({ sdkAppId: freshAppId(), startedAt: from + 500 }));
    const page = await query({ sdkAppId: app, fromMs: from, toMs: to });
    assert.equal(page.total, 3);
    assert.deepStrictEqual(ids(page.items), [`range-${app}-to`, `range-${app}-mid`, `range-${app}-from`]);
    assert.equal((await query({ sdkAppId: app, fromMs: to + 2, toMs: to + 10 })).total, 0);
  });

  test('query: newest first, ties broken by sessionId descending, pages partition the result', async () => {
    const app = freshAppId();
    const list = await finishAll(
      ['a', 'b', 'c', 'd', 'e'].map((id, i) =>
        aFinishedSession({ sdkAppId: app, sessionId: `order-${id}`, startedAt: T0 + (i < 2 ? 0 : i) }),
      ),
    );
    const expected = ['order-e', 'order-d', 'order-c', 'order-b', 'order-a'];
    assert.deepStrictEqual(ids((await query({ sdkAppId: app })).items), expected);
    const pages = await Promise.all([0, 2, 4, 6].map((offset) => query({ sdkAppId: app, offset, limit: 2 })));
    assert.deepStrictEqual(
      pages.map((p) => p.total),
      [5, 5, 5, 5],
    );
    assert.deepStrictEqual(
      pages.map((p) => ids(p.items)),
      [expected.slice(0, 2), expected.slice(2, 4), expected.slice(4), []],
    );
    assert.deepStrictEqual((await query({ sdkAppId: app, sessionIds: ['order-c'] })).items, [list[2]]);
  });

  test('query: phones match caller, callee as given, or callee in E.164', async () => {
    const app = freshAppId();
    const mk = (id: string, over: Partial<SessionRecord>) =>
      aFinishedSession({
        sdkAppId: app,
        sessionId: `ph-${id}`,
        caller: '02000000001',
        callee: '13800000001',
        calleeE164: '+8613800000001',
        ...over,
      });
    await finishAll([
      mk('by-caller', { caller: '075500000000', startedAt: T0 + 4 }),
      mk('by-callee', { callee: '008613811111111', calleeE164: '+8613811111111', startedAt: T0 + 3 }),
      mk('by-e164', { callee: '13822222222', calleeE164: '+8613822222222', startedAt: T0 + 2 }),
      mk('none', { startedAt: T0 + 1 }),
    ]);
    const byPhones = async (phones: string[]) => ids((await query({ sdkAppId: app, phones })).items);
    assert.deepStrictEqual(await byPhones(['075500000000']), ['ph-by-caller']);
    assert.deepStrictEqual(await byPhones(['008613811111111']), ['ph-by-callee']);
    assert.deepStrictEqual(await byPhones(['+8613822222222']), ['ph-by-e164']);
    assert.deepStrictEqual(await byPhones(['075500000000', '+8613822222222', '99']), ['ph-by-caller', 'ph-by-e164']);
    assert.deepStrictEqual(await byPhones(['+8613811111111', '13822222222']), ['ph-by-callee', 'ph-by-e164']);
    assert.deepStrictEqual(await byPhones(['nobody']), []);
    assert.equal((await query({ sdkAppId: app, phones: [] })).total, 0, 'an empty phone list matches nothing');
  });

  test('query: sessionIds filter, alone and together with phones', async () => {
    const app = freshAppId();
    const [a, b, c] = (await finishAll([
      aFinishedSession({ sdkAppId: app, startedAt: T0 + 3, caller: '111' }),
      aFinishedSession({ sdkAppId: app, startedAt: T0 + 2, caller: '222' }),
      aFinishedSession({ sdkAppId: app, startedAt: T0 + 1, caller: '111' }),
    ])) as [SessionRecord, SessionRecord, SessionRecord];
    const page = await query({ sdkAppId: app, sessionIds: [c.sessionId, a.sessionId, 'unknown'] });
    assert.deepStrictEqual(page, { total: 2, items: [a, c] });
    assert.deepStrictEqual(ids((await query({ sdkAppId: app, sessionIds: [a.sessionId, b.sessionId], phones: ['222'] })).items), [
      b.sessionId,
    ]);
    assert.equal((await query({ sdkAppId: app, sessionIds: [] })).total, 0, 'an empty id list matches nothing');
  });

  test('unfinished sessions have no CDR', async () => {
    const s = aSession({ sdkAppId: freshAppId() });
    await storage().sessions.insert(s);
    assert.equal(await cdrOf(storage(), s.sdkAppId, s.sessionId), undefined);
    assert.equal((await query({ sdkAppId: s.sdkAppId })).total, 0);
  });

  test('queryIds pages exactly like query, with every filter shape; getMany fetches those CDRs', async () => {
    const app = freshAppId();
    const list = await finishAll(
      [0, 1, 2, 3, 4].map((i) =>
        aFinishedSession({
          sdkAppId: app,
          sessionId: `ids-${app}-${i}`,
          startedAt: T0 + i,
          callee: i % 2 ? '+8613800000001' : '+8613800000002',
        }),
      ),
    );
    const shapes: Partial<CdrQuery>[] = [
      {},
      { phones: ['+8613800000001'] },
      { sessionIds: [list[0]!.sessionId, list[3]!.sessionId] },
      { offset: 1, limit: 2 },
    ];
    for (const shape of shapes) {
      const q = { sdkAppId: app, fromMs: 0, toMs: Number.MAX_SAFE_INTEGER, offset: 0, limit: 100, ...shape };
      const [full, ids_] = await Promise.all([cdrPage(storage(), q), idPage(storage(), q)]);
      assert.equal(ids_.total, full.total, JSON.stringify(shape));
      assert.deepStrictEqual(ids_.items, ids(full.items), JSON.stringify(shape));
    }
    const got = await storage().cdrs.getMany(app, [list[1]!.sessionId, 'missing', list[4]!.sessionId]);
    assert.deepStrictEqual(ids(got).sort(), [list[1]!.sessionId, list[4]!.sessionId].sort());
    assert.deepStrictEqual(await storage().cdrs.getMany(app + 1, [list[1]!.sessionId]), [], 'scoped to the app');
    assert.deepStrictEqual(await storage().cdrs.getMany(app, []), []);
  });

  test('totals stay exact across repeated queries and new CDRs (whatever caching the dialect does)', async () => {
    const app = freshAppId();
    const q = { sdkAppId: app, fromMs: 0, toMs: Number.MAX_SAFE_INTEGER, offset: 0, limit: 1 };
    await finishAll([aFinishedSession({ sdkAppId: app })]);
    assert.equal((await idPage(storage(), q)).total, 1);
    assert.equal((await idPage(storage(), q)).total, 1);
    const concurrent = storage().finishSession(aFinishedSession({ sdkAppId: app }));
    const during = await idPage(storage(), q);
    await concurrent;
    assert.ok(during.total === 1 || during.total === 2);
    assert.equal((await idPage(storage(), q)).total, 2);
    assert.equal((await cdrPage(storage(), q)).total, 2);
    await storage().finishSession(aFinishedSession({ sdkAppId: freshAppId() }));
    assert.equal((await idPage(storage(), q)).total, 2, 'another app does not change this total');
  });
}

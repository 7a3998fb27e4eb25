import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/storage/database.ts';
import type { ClusterNode, SessionOwner, Storage } from '../../../src/storage/repositories.ts';
import type { StorageTarget } from './storage-targets.ts';
import { twoOwners } from './two-owners.ts';
import { aFinishedSession, aSession, freshAppId, T0 } from './fixtures.ts';
import { cdrOf } from './cdr-read.ts';
import { LifecycleSequence } from '../../../src/domain/lifecycle-event.ts';

const LEASE_MS = 15_000;

function leaseOf(owner: SessionOwner, expiresAtMs: number): ClusterNode {
  return { nodeId: owner.node, incarnation: owner.incarnation, leaseExpiresAtMs: expiresAtMs, startedAtMs: T0, state: 'live', url: null };
}

/** Two servers on one database (cluster_nodes, owner_node, fencing): every dialect runs the same code. */
export function ownershipTests(target: StorageTarget): void {
  const { a, b, A, B } = twoOwners(target);

  test('register takes a free lease, refuses a live one and takes an expired one', async () => {
    const node = `n-${randomUUID()}`;
    const first = { ...leaseOf({ node, incarnation: 'i1' }, T0 + LEASE_MS) };
    assert.deepStrictEqual(await A().clusterNodes.register(first, T0), { registered: true });
    const second = { ...first, incarnation: 'i2', leaseExpiresAtMs: T0 + 1_000 + LEASE_MS };
    assert.deepStrictEqual(await B().clusterNodes.register(second, T0 + 1_000), { registered: false, holder: first });
    assert.deepStrictEqual(await B().clusterNodes.register(second, T0 + LEASE_MS), { registered: true });
    assert.equal((await A().clusterNodes.get(node))?.incarnation, 'i2');
    // force: the SQLite single server, whose file lock already proved the old run gone.
    const third = { ...first, incarnation: 'i3' };
    assert.deepStrictEqual(await A().clusterNodes.register(third, T0 + LEASE_MS + 1, { force: true }), { registered: true });
  });

  test('renew extends only an unexpired lease of the same incarnation; release expires it', async () => {
    const node = `n-${randomUUID()}`;
    const l = leaseOf({ node, incarnation: 'i1' }, T0 + LEASE_MS);
    await A().clusterNodes.register(l, T0);
    assert.equal(await A().clusterNodes.renew(node, 'i1', T0 + 5_000, T0 + 5_000 + LEASE_MS), true);
    assert.equal((await A().clusterNodes.get(node))?.leaseExpiresAtMs, T0 + 5_000 + LEASE_MS);
    assert.equal(await A().clusterNodes.renew(node, 'other', T0 + 5_000, T0 + 9_999_999), false);
    assert.equal(await A().clusterNodes.renew(node, 'i1', T0 + 5_000 + LEASE_MS, T0 + 9_999_999), false, 'expired: lost');
    assert.equal(await A().clusterNodes.markDraining(node, 'i1'), true);
    assert.equal((await A().clusterNodes.get(node))?.state, 'draining');
    await A().clusterNodes.release(node, 'i1');
    assert.equal((await A().clusterNodes.get(node))?.leaseExpiresAtMs, 0);
    assert.ok((await A().clusterNodes.list()).some((n) => n.nodeId === node));
  });

  test('takeOverOrphans leaves sessions of a live lease alone and re-owns those of an expired one', async () => {
    await A().clusterNodes.register(leaseOf(a, T0 + LEASE_MS), T0, { force: true });
    await B().clusterNodes.register(leaseOf(b, T0 + 10 * LEASE_MS), T0, { force: true });
    const app = freshAppId();
    const ofA = aSession({ sdkAppId: app, status: 'inProgress' });
    const doneOfA = aFinishedSession({ sdkAppId: app });
    await A().sessions.insert(ofA);
    await A().finishSession(doneOfA);
    const takenEarly = (await B().sessions.takeOverOrphans(T0 + 1_000)).filter((s) => s.sdkAppId === app);
    assert.deepStrictEqual(takenEarly, [], "a live owner's call is never taken");
    const taken = (await B().sessions.takeOverOrphans(T0 + LEASE_MS)).filter((s) => s.sdkAppId === app);
    assert.deepStrictEqual(taken, [ofA], 'only the unfinished session of the expired owner');
    assert.deepStrictEqual(
      (await B().sessions.takeOverOrphans(T0 + LEASE_MS)).filter((s) => s.sdkAppId === app),
      [],
      'a second sweep finds nothing: B owns it under a live lease',
    );
    assert.deepStrictEqual(
      (await A().sessions.takeOverOrphans(T0 + LEASE_MS + 1)).filter((s) => s.sdkAppId === app),
      [],
    );
  });

  test('two sweeps at once split the orphans: each session is taken by one', async () => {
    const dead: SessionOwner = { node: `dead-${randomUUID()}`, incarnation: randomUUID() };
    const sd = await target.open({ owner: dead });
    const app = freshAppId();
    try {
      await sd.clusterNodes.register(leaseOf(dead, T0 + 1), T0);
      for (let i = 0; i < 20; i++) await sd.sessions.insert(aSession({ sdkAppId: app, status: 'ringing', startedAt: T0 + i }));
    } finally {
      await sd.close();
    }
    // Both live at T0 + 100.
    await A().clusterNodes.register(leaseOf(a, T0 + LEASE_MS), T0, { force: true });
    await B().clusterNodes.register(leaseOf(b, T0 + LEASE_MS), T0, { force: true });
    // At once on Postgres; one after the other on SQLite, whose two connections in one process
    // would wait on each other's lock (a SQLite file has one server anyway).
    const sweep = (s: Storage) => s.sessions.takeOverOrphans(T0 + 100);
    const [ta, tb] = target.name === 'postgres' ? await Promise.all([sweep(A()), sweep(B())]) : [await sweep(A()), await sweep(B())];
    const ids = [...ta, ...tb].filter((s) => s.sdkAppId === app).map((s) => s.sessionId);
    assert.equal(ids.length, 20);
    assert.equal(new Set(ids).size, 20);
  });

  test('a session without owner (a row from before 0007) is an orphan', async () => {
    const app = freshAppId();
    const s = aSession({ sdkAppId: app, status: 'ringing' });
    await A().sessions.insert(s);
    await clearOwner(target, s.sessionId);
    await A().clusterNodes.register(leaseOf(a, T0 + LEASE_MS), T0, { force: true });
    const taken = (await A().sessions.takeOverOrphans(T0)).filter((x) => x.sdkAppId === app);
    assert.deepStrictEqual(taken, [s]);
  });

  test('a late save and finish by the old owner are fenced: the row and CDR stay the taker’s', async () => {
    await A().clusterNodes.register(leaseOf(a, T0 + 1), T0, { force: true });
    await B().clusterNodes.register(leaseOf(b, T0 + 10 * LEASE_MS), T0, { force: true });
    const app = freshAppId();
    const live = aSession({ sdkAppId: app, status: 'inProgress' });
    await A().sessions.insert(live);
    const [taken] = (await B().sessions.takeOverOrphans(T0 + 2)).filter((x) => x.sdkAppId === app);
    assert.ok(taken);
    const recovered = aFinishedSession({ sessionId: live.sessionId, sdkAppId: app, endStatus: 208, hungUpSide: 'system' });
    assert.equal(await B().finishSession(recovered), 'written');
    assert.equal(await A().sessions.save({ ...live, status: 'inProgress', uui: 'late' }), 'fenced');
    const trueEnd = aFinishedSession({ sessionId: live.sessionId, sdkAppId: app, endStatus: 1, hungUpSide: 'user' });
    const lateEvent = new LifecycleSequence(live.sessionId, 0).next('session.ended', trueEnd, T0 + 3);
    assert.equal(await A().finishSession(trueEnd, [lateEvent]), 'fenced');
    assert.deepStrictEqual(await A().sessions.get(app, live.sessionId), recovered);
    assert.deepStrictEqual(await cdrOf(A(), app, live.sessionId), recovered);
    assert.deepStrictEqual(
      (await A().sessions.events(live.sessionId)).map((e) => e.seq),
      [],
      'no event of the fenced finish is written',
    );
  });

  test('the owner’s own saves and finishes are written, and a finish of a never-inserted session too', async () => {
    const app = freshAppId();
    const live = aSession({ sdkAppId: app, status: 'ringing' });
    await A().sessions.insert(live);
    assert.equal(await A().sessions.save({ ...live, status: 'inProgress' }), 'written');
    const done = aFinishedSession({ sessionId: live.sessionId, sdkAppId: app });
    assert.equal(await A().finishSession(done), 'written');
    assert.deepStrictEqual(await cdrOf(A(), app, live.sessionId), done);
    const orphanFinish = aFinishedSession({ sdkAppId: app });
    assert.equal(await B().finishSession(orphanFinish), 'written');
  });
}

async function clearOwner(target: StorageTarget, sessionId: string): Promise<void> {
  const raw = await target.open();
  try {
    // The storage seam has no way to write an ownerless row: reach under it, as an old version would have.
    const db = (raw as unknown as { d: { db: Kysely<Database> } }).d.db;
    await db.updateTable('sessions').set({ owner_node: null, owner_incarnation: null }).where('session_id', '=', sessionId).execute();
  } finally {
    await raw.close();
  }
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/storage/database.ts';
import { LifecycleSequence, type LifecycleEvent } from '../../../src/domain/lifecycle-event.ts';
import type { OutboxMessage } from '../../../src/domain/outbox.ts';
import type { SessionOwner, Storage } from '../../../src/storage/repositories.ts';
import type { StorageTarget } from './storage-targets.ts';
import { twoOwners } from './two-owners.ts';
import { aFinishedSession, aSession, freshAppId, T0 } from './fixtures.ts';

/** The database under a Storage, to see what the seam does not show (as ownership-tests' clearOwner). */
const dbOf = (s: Storage) => (s as unknown as { d: { db: Kysely<Database> } }).d.db;

// Two servers on one SQLite file in one process: a write batch commits on the next turn of the
// loop, and the other connection's write would wait on its lock synchronously, so the loop
// turns between one server's write and the other's (no-op on Postgres).
const turn = () => new Promise((r) => setImmediate(r));

/** A node entered and a variable set after the `after` events a session already has, with one webhook delivery each. */
function reports(sessionId: string, after: number): { events: LifecycleEvent[]; outbox: OutboxMessage[] } {
  const seq = new LifecycleSequence(sessionId, after);
  const events: LifecycleEvent[] = [
    seq.reported('session.nodeEntered', { nodeId: 'menu', nodeType: 'menu', label: 'main' }, T0 + 10),
    seq.reported('session.variableSet', { name: 'code', value: '1234', nodeId: 'ask' }, T0 + 20),
  ];
  const outbox = events.map((e): OutboxMessage => ({
    id: `${e.id}>ep`,
    eventId: e.id,
    sessionId,
    seq: e.seq,
    endpointId: 'ep',
    kind: 'webhook',
    payload: JSON.stringify({ id: e.id }),
    createdAt: e.occurredAt,
  }));
  return { events, outbox };
}

/**
 * SessionRepository.append, on every dialect: events alone, with their deliveries, never the
 * session row, and fenced like a save (docs/cluster.md): a server that does not own the row writes nothing.
 */
export function appendTests(target: StorageTarget): void {
  const { b, A, B } = twoOwners(target);

  const rowOf = (id: string) => dbOf(A()).selectFrom('sessions').selectAll().where('session_id', '=', id).executeTakeFirstOrThrow();
  const outboxOf = async (id: string) => (await A().outbox.list({ sessionId: id, limit: 100 })).map((m) => m.id).sort();

  test("the owner's append writes the events and their deliveries, and leaves the session row as it was", async () => {
    const live = aSession({ sdkAppId: freshAppId(), status: 'inProgress', acceptAt: T0 + 5 });
    const created = new LifecycleSequence(live.sessionId).next('session.created', live, T0);
    await A().sessions.insert(live, [created]);
    // A change under the seam: an append that rewrote the row from any state it holds would undo it.
    await dbOf(A()).updateTable('sessions').set({ uui: 'changed underneath' }).where('session_id', '=', live.sessionId).execute();
    const before = await rowOf(live.sessionId);
    const { events, outbox } = reports(live.sessionId, 1);
    assert.equal(await A().sessions.append(live.sessionId, events, outbox), 'written');
    assert.deepStrictEqual(await A().sessions.events(live.sessionId), [created, ...events]);
    assert.deepStrictEqual(await outboxOf(live.sessionId), outbox.map((m) => m.id).sort());
    assert.deepStrictEqual(await rowOf(live.sessionId), before, 'every column, the owner and the state included, as it was');
    assert.equal(await A().sessions.append(live.sessionId, events, outbox), 'written', 'a retried append keeps one of each');
    assert.equal((await A().sessions.events(live.sessionId)).length, 3);
    assert.equal((await outboxOf(live.sessionId)).length, 2);
  });

  test('an append after the finish is written while the row is still ours (a recording ready after the CDR)', async () => {
    const done = aFinishedSession({ sdkAppId: freshAppId() });
    assert.equal(await A().finishSession(done), 'written');
    const ready = new LifecycleSequence(done.sessionId, 0).reported(
      'session.recordingReady',
      { recordingId: 'r-1', durationMs: 1200, channels: 1, createdAtMs: T0 + 70_000 },
      T0 + 70_000,
    );
    assert.equal(await A().sessions.append(done.sessionId, [ready]), 'written');
    assert.deepStrictEqual(await A().sessions.events(done.sessionId), [ready]);
    assert.equal((await A().sessions.get(done.sdkAppId, done.sessionId))?.status, 'finished');
  });

  test("another server's append for a session it does not own writes nothing, nor one for a session that does not exist", async () => {
    const live = aSession({ sdkAppId: freshAppId(), status: 'inProgress' });
    await A().sessions.insert(live);
    const before = await rowOf(live.sessionId);
    const { events, outbox } = reports(live.sessionId, 0);
    await turn();
    assert.equal(await B().sessions.append(live.sessionId, events, outbox), 'fenced');
    await turn();
    assert.deepStrictEqual(await A().sessions.events(live.sessionId), [], 'no event');
    assert.deepStrictEqual(await outboxOf(live.sessionId), [], 'no delivery');
    assert.deepStrictEqual(await rowOf(live.sessionId), before);
    const nowhere = randomUUID();
    assert.equal(await A().sessions.append(nowhere, reports(nowhere, 0).events, reports(nowhere, 0).outbox), 'fenced');
    assert.deepStrictEqual(await A().sessions.events(nowhere), []);
  });

  test('after a takeover the old owner’s append is fenced and the new owner’s is written', async () => {
    const dead: SessionOwner = { node: `dead-${randomUUID()}`, incarnation: randomUUID() };
    await turn();
    const sd = await target.open({ owner: dead });
    const live = aSession({ sdkAppId: freshAppId(), status: 'inProgress' });
    try {
      await sd.clusterNodes.register(
        { nodeId: dead.node, incarnation: dead.incarnation, leaseExpiresAtMs: T0 + 1, startedAtMs: T0, state: 'live', url: null },
        T0,
      );
      await sd.sessions.insert(live);
      await turn();
      const taken = (await B().sessions.takeOverOrphans(T0 + 2)).filter((s) => s.sessionId === live.sessionId);
      assert.equal(taken.length, 1);
      await turn();
      const { events, outbox } = reports(live.sessionId, 0);
      assert.equal(await sd.sessions.append(live.sessionId, events, outbox), 'fenced', 'the old owner, past its lease');
      await turn();
      assert.deepStrictEqual(await B().sessions.events(live.sessionId), []);
      assert.equal(await B().sessions.append(live.sessionId, events, outbox), 'written');
      assert.deepStrictEqual(await B().sessions.events(live.sessionId), events);
      assert.equal((await rowOf(live.sessionId)).owner_node, b.node, 'the guard changed no owner');
    } finally {
      await sd.close();
    }
  });
}

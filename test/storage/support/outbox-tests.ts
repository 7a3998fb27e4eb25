import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { OutboxMessage } from '../../../src/domain/outbox.ts';
import type { Storage } from '../../../src/storage/repositories.ts';
import { T0 } from './fixtures.ts';

/** A message of `session` for `endpoint`; seq 1 unless told. */
function aMessage(sessionId: string, endpointId: string, seq = 1, createdAt = T0): OutboxMessage {
  return {
    id: `${sessionId}-${seq}>${endpointId}`,
    eventId: `${sessionId}-${seq}`,
    sessionId,
    seq,
    endpointId,
    kind: 'webhook',
    payload: JSON.stringify({ seq, text: 'a "quoted" \u4e2d' }),
    createdAt,
  };
}

const LEASE = 30_000;

export function outboxTests(storage: () => Storage): void {
  const outbox = () => storage().outbox;

  test('insert appends pending messages due at once; the same message twice is kept once', async () => {
    const s = randomUUID();
    const ep = randomUUID();
    const m = aMessage(s, ep);
    await outbox().insert([m]);
    await outbox().insert([{ ...m, payload: '"changed"' }]);
    assert.deepStrictEqual(await outbox().get(m.id), {
      ...m,
      state: 'pending',
      attempts: 0,
      nextAttemptAt: T0,
      pendingSince: T0,
      lastAttemptAt: null,
      lastError: null,
      claimedBy: null,
      claimedUntil: null,
    });
    assert.equal((await outbox().list({ sessionId: s, limit: 10 })).length, 1);
  });

  test('claimDue takes due messages of one endpoint, leases them, and never the next seq of a session while one is owed', async () => {
    const ep = randomUUID();
    const other = randomUUID();
    const [a, b] = [randomUUID(), randomUUID()];
    await outbox().insert([
      aMessage(a, ep, 1),
      aMessage(a, ep, 2),
      aMessage(b, ep, 1),
      aMessage(b, ep, 2, T0 + 5_000),
      aMessage(a, other, 1),
    ]);
    const first = await outbox().claimDue({ now: T0, limit: 10, claimer: 'x', leaseMs: LEASE, endpointId: ep });
    assert.deepStrictEqual(first.map((e) => e.id).sort(), [aMessage(a, ep, 1).id, aMessage(b, ep, 1).id].sort());
    assert.ok(first.every((e) => e.claimedBy === 'x' && e.claimedUntil === T0 + LEASE));
    assert.deepStrictEqual(
      await outbox().claimDue({ now: T0, limit: 10, claimer: 'y', leaseMs: LEASE, endpointId: ep }),
      [],
      'all leased or blocked',
    );
    // Delivering a's first frees a's second; b's second is not due yet.
    assert.equal(await outbox().settle(aMessage(a, ep, 1).id, 'x', { kind: 'delivered' }, T0 + 10), true);
    const next = await outbox().claimDue({ now: T0 + 10, limit: 10, claimer: 'y', leaseMs: LEASE, endpointId: ep });
    assert.deepStrictEqual(
      next.map((e) => e.id),
      [aMessage(a, ep, 2).id],
    );
    // The other endpoint has its own order.
    const elsewhere = await outbox().claimDue({ now: T0, limit: 10, claimer: 'z', leaseMs: LEASE, endpointId: other });
    assert.deepStrictEqual(
      elsewhere.map((e) => e.id),
      [aMessage(a, other, 1).id],
    );
  });

  test('a failed attempt waits for its next time and keeps later seqs back; dead frees them', async () => {
    const ep = randomUUID();
    const s = randomUUID();
    await outbox().insert([aMessage(s, ep, 1), aMessage(s, ep, 2)]);
    const claim = (now: number) => outbox().claimDue({ now, limit: 10, claimer: 'x', leaseMs: LEASE, endpointId: ep });
    const [m1] = await claim(T0);
    assert.equal(m1?.seq, 1);
    assert.equal(await outbox().settle(m1!.id, 'x', { kind: 'retry', error: 'HTTP 503', nextAttemptAt: T0 + 1_000 }, T0 + 5), true);
    const after = await outbox().get(m1!.id);
    assert.deepStrictEqual(
      [after?.state, after?.attempts, after?.nextAttemptAt, after?.lastError, after?.lastAttemptAt, after?.claimedBy],
      ['pending', 1, T0 + 1_000, 'HTTP 503', T0 + 5, null],
    );
    assert.deepStrictEqual(await claim(T0 + 999), [], 'seq 1 not due, seq 2 blocked behind it');
    const [again] = await claim(T0 + 1_000);
    assert.equal(again?.id, m1!.id);
    await outbox().settle(again!.id, 'x', { kind: 'dead', error: 'gave up' }, T0 + 1_001);
    assert.deepStrictEqual(
      (await claim(T0 + 1_001)).map((e) => e.seq),
      [2],
    );
  });

  test('a lease that ran out lets another claimer take the attempt; the first one can no longer settle it', async () => {
    const ep = randomUUID();
    const m = aMessage(randomUUID(), ep);
    await outbox().insert([m]);
    await outbox().claimDue({ now: T0, limit: 1, claimer: 'dead-server', leaseMs: LEASE, endpointId: ep });
    assert.deepStrictEqual(await outbox().claimDue({ now: T0 + LEASE - 1, limit: 1, claimer: 'b', leaseMs: LEASE, endpointId: ep }), []);
    const [taken] = await outbox().claimDue({ now: T0 + LEASE, limit: 1, claimer: 'b', leaseMs: LEASE, endpointId: ep });
    assert.equal(taken?.claimedBy, 'b');
    assert.equal(await outbox().settle(m.id, 'dead-server', { kind: 'delivered' }, T0 + LEASE + 1), false);
    assert.equal(await outbox().settle(m.id, 'b', { kind: 'delivered' }, T0 + LEASE + 2), true);
    assert.equal(await outbox().settle(m.id, 'b', { kind: 'delivered' }, T0 + LEASE + 3), false, 'settled once');
    assert.equal((await outbox().get(m.id))?.attempts, 1);
  });

  test('settles issued together (one statement on Postgres) each learn whether their own claim held, and each outcome lands', async () => {
    const ep = randomUUID();
    const ms = Array.from({ length: 4 }, () => aMessage(randomUUID(), ep));
    await outbox().insert(ms);
    await outbox().claimDue({ now: T0, limit: 4, claimer: 'me', leaseMs: LEASE, endpointId: ep });
    const [a, b, c, d] = ms.map((m) => m.id) as [string, string, string, string];
    const held = await Promise.all([
      outbox().settle(a, 'me', { kind: 'delivered' }, T0 + 1),
      outbox().settle(b, 'someone-else', { kind: 'delivered' }, T0 + 1),
      outbox().settle(c, 'me', { kind: 'retry', error: 'HTTP 503', nextAttemptAt: T0 + 9_000 }, T0 + 2),
      outbox().settle(d, 'me', { kind: 'dead', error: 'gave up' }, T0 + 3),
    ]);
    assert.deepEqual(held, [true, false, true, true]);
    const rows = await Promise.all([a, b, c, d].map((id) => outbox().get(id)));
    assert.deepEqual(
      rows.map((r) => [r?.state, r?.attempts, r?.claimedBy, r?.nextAttemptAt, r?.lastError, r?.lastAttemptAt]),
      [
        ['delivered', 1, null, T0 + 1, null, T0 + 1],
        ['pending', 0, 'me', T0, null, null],
        ['pending', 1, null, T0 + 9_000, 'HTTP 503', T0 + 2],
        ['dead', 1, null, T0 + 3, 'gave up', T0 + 3],
      ],
    );
  });

  test('claims racing on one database take disjoint messages', async () => {
    const ep = randomUUID();
    const messages = Array.from({ length: 40 }, () => aMessage(randomUUID(), ep));
    await outbox().insert(messages);
    const claims = await Promise.all(
      ['a', 'b', 'c', 'd'].map((claimer) => outbox().claimDue({ now: T0, limit: 15, claimer, leaseMs: LEASE, endpointId: ep })),
    );
    const ids = claims.flat().map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length, 'no message claimed twice');
    assert.equal(ids.length, 40);
  });

  test('list filters and orders; retry sends settled messages again; counts and prune', async () => {
    const ep = randomUUID();
    const s = randomUUID();
    await outbox().insert([aMessage(s, ep, 1), aMessage(s, ep, 2)]);
    const before = await outbox().counts();
    const [m1] = await outbox().claimDue({ now: T0, limit: 5, claimer: 'x', leaseMs: LEASE, endpointId: ep });
    await outbox().settle(m1!.id, 'x', { kind: 'dead', error: 'HTTP 500' }, T0 + 1);
    const [m2] = await outbox().claimDue({ now: T0 + 1, limit: 5, claimer: 'x', leaseMs: LEASE, endpointId: ep });
    await outbox().settle(m2!.id, 'x', { kind: 'delivered' }, T0 + 2);
    const mid = await outbox().counts();
    assert.deepStrictEqual([mid.pending - before.pending, mid.dead - before.dead, mid.delivered - before.delivered], [-2, 1, 1]);
    assert.deepStrictEqual(
      (await outbox().list({ sessionId: s, limit: 10 })).map((e) => [e.seq, e.state]),
      [
        [1, 'dead'],
        [2, 'delivered'],
      ],
    );
    assert.deepStrictEqual(
      (await outbox().list({ state: 'dead', endpointId: ep, limit: 10 })).map((e) => e.id),
      [m1!.id],
    );
    assert.equal(await outbox().retry({ states: ['dead'], sessionId: s }, T0 + 100), 1);
    const retried = await outbox().get(m1!.id);
    assert.deepStrictEqual(
      [retried?.state, retried?.attempts, retried?.nextAttemptAt, retried?.pendingSince, retried?.lastError],
      ['pending', 0, T0 + 100, T0 + 100, 'HTTP 500'],
    );
    // A replay of the whole session: the delivered one too (the pending one is left alone).
    assert.equal(await outbox().retry({ sessionId: s }, T0 + 200), 1);
    assert.equal((await outbox().get(m2!.id))?.state, 'pending');
    assert.equal(await outbox().retry({ ids: [] }, T0), 0);
    await assert.rejects(outbox().retry({}, T0), /say which/);
    const [r1] = await outbox().claimDue({ now: T0 + 200, limit: 5, claimer: 'x', leaseMs: LEASE, endpointId: ep });
    await outbox().settle(r1!.id, 'x', { kind: 'delivered' }, 5_000_000_000_000);
    await outbox().prune(5_000_000_000_000);
    assert.equal((await outbox().get(r1!.id))?.state, 'delivered', 'kept until older than the bound');
    assert.ok((await outbox().prune(5_000_000_000_001)) >= 1);
    assert.equal(await outbox().get(r1!.id), undefined);
  });

  test('retry by states takes owed messages too, due now with a fresh max age, but not one in flight; by endpoint', async () => {
    const [ep, other] = [randomUUID(), randomUUID()];
    const s = randomUUID();
    await outbox().insert([aMessage(s, ep, 1), aMessage(s, ep, 2), aMessage(s, other, 1)]);
    const [m1] = await outbox().claimDue({ now: T0, limit: 1, claimer: 'x', leaseMs: LEASE, endpointId: ep });
    await outbox().settle(m1!.id, 'x', { kind: 'retry', error: 'HTTP 503', nextAttemptAt: T0 + 60_000 }, T0 + 1);
    const [o1] = await outbox().claimDue({ now: T0, limit: 1, claimer: 'x', leaseMs: LEASE, endpointId: other });
    assert.equal(o1?.claimedBy, 'x', 'in flight');
    // All states of the session on both endpoints: the backed-off one is due now, the one in flight
    // stays with its sender, seq 2 (never attempted) is due now too.
    assert.equal(await outbox().retry({ sessionId: s, states: ['pending', 'delivered', 'dead'] }, T0 + 10), 2);
    const waited = await outbox().get(m1!.id);
    assert.deepStrictEqual(
      [waited?.state, waited?.attempts, waited?.nextAttemptAt, waited?.pendingSince, waited?.lastError],
      ['pending', 0, T0 + 10, T0 + 10, 'HTTP 503'],
    );
    const flying = await outbox().get(o1!.id);
    assert.deepStrictEqual([flying?.claimedBy, flying?.pendingSince], ['x', T0]);
    // Once its lease has run out (its sender died), it is taken like any other.
    assert.equal(await outbox().retry({ ids: [o1!.id], states: ['pending'] }, T0 + LEASE), 1);
    assert.equal((await outbox().get(o1!.id))?.claimedBy, null);
    // By endpoint: only that endpoint's messages.
    assert.equal(await outbox().retry({ endpointId: other, states: ['pending'] }, T0 + LEASE + 1), 1);
    assert.equal((await outbox().get(m1!.id))?.nextAttemptAt, T0 + 10, 'the other endpoint untouched');
    assert.equal(await outbox().retry({ sessionId: s, states: [] }, T0), 0);
  });
}

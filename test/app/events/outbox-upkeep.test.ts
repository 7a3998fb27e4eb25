import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../../src/shared/logger.ts';
import { OutboxUpkeep } from '../../../src/app/events/outbox-upkeep.ts';
import { OutboxMetrics } from '../../../src/app/observability/outbox-metrics.ts';
import { Harness, sessionMessages, T0 } from '../../events/support/harness.ts';
import pg from 'pg';
import { VirtualClock } from '../../../src/shared/clock.ts';
import { postgresTarget, postgresUrl, whenPostgres } from '../../storage/support/storage-targets.ts';

const DAY = 86_400_000;

test('upkeep prunes only delivered rows past the retention, and counts the backlog for /metrics', async () => {
  const h = await Harness.open();
  try {
    const old = sessionMessages('s-old', 'ep', 3);
    const recent = sessionMessages('s-new', 'ep', 2);
    await h.storage.outbox.insert([...old, ...recent]);
    const claimed = await h.storage.outbox.claimDue({ now: T0, limit: 10, claimer: 'c', leaseMs: 60_000 });
    assert.equal(claimed.length, 2, 'the first of each session');
    // s-old-1 delivered at T0, s-old-2 dead at T0; s-new-1 delivered 6 days later.
    await h.storage.outbox.settle(old[0]!.id, 'c', { kind: 'delivered' }, T0);
    const next = await h.storage.outbox.claimDue({ now: T0, limit: 10, claimer: 'c', leaseMs: 60_000 });
    assert.deepStrictEqual(
      next.map((e) => e.id),
      [old[1]!.id],
    );
    await h.storage.outbox.settle(old[1]!.id, 'c', { kind: 'dead', error: 'gone' }, T0);
    await h.storage.outbox.settle(recent[0]!.id, 'c', { kind: 'delivered' }, T0 + 6 * DAY);

    const metrics = new OutboxMetrics();
    h.clock.advanceTo(T0 + 7 * DAY + 1);
    const upkeep = new OutboxUpkeep({ outbox: h.storage.outbox, metrics, clock: h.clock, logger: silentLogger, retentionMs: 7 * DAY });
    assert.equal(await upkeep.prune(), 1, 'only the delivered row older than 7 days');
    assert.equal(await h.storage.outbox.get(old[0]!.id), undefined);
    assert.equal((await h.storage.outbox.get(old[1]!.id))?.state, 'dead', 'dead rows are kept');
    assert.equal((await h.storage.outbox.get(recent[0]!.id))?.state, 'delivered', 'a recent delivery is kept');
    upkeep.start();
    await upkeep.close();
    const byState = Object.fromEntries(metrics.families[0]!.read().map((s) => [s.labels!.state, s.value]));
    assert.deepStrictEqual(byState, { pending: 2, delivered: 1, dead: 1 });
    metrics.settled({ kind: 'retry', error: 'x', nextAttemptAt: 0 });
    metrics.settled({ kind: 'delivered' });
    metrics.settled({ kind: 'delivered' });
    const outcomes = Object.fromEntries(metrics.families[1]!.read().map((s) => [s.labels!.outcome, s.value]));
    assert.deepStrictEqual(outcomes, { delivered: 2, retried: 1, dead: 0 });
    const none = new OutboxUpkeep({ outbox: h.storage.outbox, metrics, clock: h.clock, logger: silentLogger, retentionMs: 0 });
    assert.equal(await none.prune(), 0, 'retention 0 keeps everything');
  } finally {
    await h.dispose();
  }
});

test('the frequent count reads only what is owed; delivered rows are counted at start and with each prune', async () => {
  const h = await Harness.open();
  try {
    const ms = sessionMessages('s-count', 'ep', 1).concat(sessionMessages('s-count2', 'ep', 1));
    await h.storage.outbox.insert(ms);
    await h.storage.outbox.claimDue({ now: T0, limit: 10, claimer: 'c', leaseMs: 60_000 });
    await h.storage.outbox.settle(ms[0]!.id, 'c', { kind: 'delivered' }, T0);
    assert.deepEqual(
      await h.storage.outbox.counts(['pending', 'dead']),
      { pending: 1, delivered: 0, dead: 0 },
      'only the states asked for',
    );
    const metrics = new OutboxMetrics();
    const byState = () => Object.fromEntries(metrics.families[0]!.read().map((x) => [x.labels!.state, x.value]));
    const upkeep = new OutboxUpkeep({
      outbox: h.storage.outbox,
      metrics,
      clock: h.clock,
      logger: silentLogger,
      retentionMs: 0,
      countEveryMs: 10,
    });
    upkeep.start();
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(byState(), { pending: 1, delivered: 1, dead: 0 });
    await h.storage.outbox.settle(ms[1]!.id, 'c', { kind: 'delivered' }, T0);
    await new Promise((r) => setTimeout(r, 40));
    assert.deepEqual(byState(), { pending: 0, delivered: 1, dead: 0 }, 'owed counted again; delivered only at the next prune');
    await upkeep.prune();
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(byState(), { pending: 0, delivered: 2, dead: 0 });
    await upkeep.close();
  } finally {
    await h.dispose();
  }
});

await whenPostgres('upkeep keeps the Postgres outbox statistics fresh (Postgres unavailable)', () => {
  test('Postgres: upkeep analyzes the outbox at start and once it has grown, so claims are planned with statistics', async () => {
    const target = postgresTarget();
    const storage = await target.open();
    const c = new pg.Client({ connectionString: postgresUrl });
    await c.connect();
    const reltuples = async () =>
      Number(
        (
          await c.query<{ n: number }>(
            `select c.reltuples as n from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname = $1 and c.relname = 'outbox'`,
            [(target.config as { schema: string }).schema],
          )
        ).rows[0]!.n,
      );
    try {
      assert.equal(await reltuples(), -1, 'a fresh table has never been analyzed');
      const upkeep = new OutboxUpkeep({
        outbox: storage.outbox,
        metrics: new OutboxMetrics(),
        clock: new VirtualClock(T0),
        logger: silentLogger,
        retentionMs: 0,
        countEveryMs: 20,
      });
      upkeep.start();
      const rows = Array.from({ length: 300 }, (_, i) => sessionMessages(`s${i}`, 'ep', 5)).flat();
      await storage.outbox.insert(rows);
      for (let i = 0; i < 200 && (await reltuples()) < rows.length; i++) await new Promise((r) => setTimeout(r, 20));
      await upkeep.close();
      assert.equal(await reltuples(), rows.length, 'analyzed after it grew by 1,000+ rows');
    } finally {
      await c.end();
      await storage.close();
      await target.dispose();
    }
  });
});

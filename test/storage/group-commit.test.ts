import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promiseHooks } from 'node:v8';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteDialect } from '../../src/storage/dialect/sqlite-adapter.ts';
import type { StorageDialect } from '../../src/storage/dialect/storage-dialect.ts';
import { runMigrations } from '../../src/storage/migrations/run-migrations.ts';

// The SQLite driver batches writes into shared transactions; these pin down what callers rely on.
const dir = mkdtempSync(join(tmpdir(), 'openccc-group-commit-'));
const path = join(dir, 'gc.db');
let d: StorageDialect;
let reader: BetterSqlite3.Database;

before(async () => {
  d = openSqliteDialect(path, { exclusive: false }); // the tests read through a second connection
  await runMigrations(d);
  reader = new BetterSqlite3(path, { readonly: true });
});
after(async () => {
  reader.close();
  await d.db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const put = (key: string) => d.db.insertInto('idempotency').values({ key, body: key, created_at: 1, expires_at: 2 }).execute();
/** What another connection sees: only committed rows. */
const committed = (prefix: string) =>
  reader.prepare('select key from idempotency where key like ? order by key').pluck().all(`${prefix}%`) as string[];

test('a write resolves only once committed (visible to another connection)', async () => {
  const writes = Array.from({ length: 50 }, (_, i) => put(`turn-${String(i).padStart(2, '0')}`));
  await Promise.all(writes);
  assert.equal(committed('turn-').length, 50);
});

test('a failing write rejects alone; the rest of its batch commits', async () => {
  await put('dup-0');
  const results = await Promise.allSettled([put('dup-1'), put('dup-0'), put('dup-2')]);
  assert.deepStrictEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  assert.deepStrictEqual(committed('dup-'), ['dup-0', 'dup-1', 'dup-2']);
});

test('a rolled-back transaction undoes its own writes only, even with writes issued meanwhile', async () => {
  const tx = d.db.transaction().execute(async (trx) => {
    await trx.insertInto('idempotency').values({ key: 'tx-inside', body: '', created_at: 1, expires_at: 2 }).execute();
    await sleep(20); // others write now; they must wait rather than land inside this transaction
    throw new Error('give up');
  });
  await sleep(5);
  const outside = put('tx-outside');
  await assert.rejects(tx, /give up/);
  await outside;
  assert.deepStrictEqual(committed('tx-'), ['tx-outside']);
});

test('a committed transaction is durable when it resolves', async () => {
  await d.db.transaction().execute(async (trx) => {
    await trx.insertInto('idempotency').values({ key: 'ok-1', body: '', created_at: 1, expires_at: 2 }).execute();
    await trx.insertInto('idempotency').values({ key: 'ok-2', body: '', created_at: 1, expires_at: 2 }).execute();
  });
  assert.deepStrictEqual(committed('ok-'), ['ok-1', 'ok-2']);
});

test('reads see the writes of the open batch', async () => {
  const w = put('ryw-1');
  const row = await d.db.selectFrom('idempotency').select('key').where('key', '=', 'ryw-1').executeTakeFirst();
  assert.equal(row?.key, 'ryw-1');
  await w;
});

test('a large burst is split into bounded batches and all of it commits', async () => {
  await Promise.all(Array.from({ length: 2_500 }, (_, i) => put(`burst-${i}`)));
  assert.equal(committed('burst-').length, 2_500);
});

/** Keys with this prefix in the order SQLite stored them (rowid order is insertion order here). */
const stored = (prefix: string) =>
  reader.prepare('select key from idempotency where key like ? order by rowid').pluck().all(`${prefix}%`) as string[];

test('transactions begun concurrently run one at a time, in the order they were begun', async () => {
  const entered: number[] = [];
  let inside = 0;
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      d.db.transaction().execute(async (trx) => {
        entered.push(i);
        assert.equal(++inside, 1, 'two transactions open at once');
        await trx
          .insertInto('idempotency')
          .values({ key: `fifo-${i}-a`, body: '', created_at: 1, expires_at: 2 })
          .execute();
        await sleep(i % 3); // a turn of the event loop now and then, so a later one would overtake if it could
        await trx
          .insertInto('idempotency')
          .values({ key: `fifo-${i}-b`, body: '', created_at: 1, expires_at: 2 })
          .execute();
        inside--;
      }),
    ),
  );
  assert.deepStrictEqual(
    entered,
    Array.from({ length: 20 }, (_, i) => i),
  );
  assert.deepStrictEqual(stored('fifo-'), Array.from({ length: 20 }, (_, i) => [`fifo-${i}-a`, `fifo-${i}-b`]).flat());
});

test('a plain write issued while a transaction is open waits for it and lands after it', async () => {
  let outsideDone = false;
  const tx = d.db.transaction().execute(async (trx) => {
    await trx.insertInto('idempotency').values({ key: 'wait-1', body: '', created_at: 1, expires_at: 2 }).execute();
    await sleep(20);
    assert.equal(outsideDone, false, 'the plain write finished while the transaction was open');
    await trx.insertInto('idempotency').values({ key: 'wait-2', body: '', created_at: 1, expires_at: 2 }).execute();
  });
  await sleep(5);
  await put('wait-3').then(() => (outsideDone = true));
  await tx;
  assert.deepStrictEqual(stored('wait-'), ['wait-1', 'wait-2', 'wait-3']);
});

test('a rolled-back transaction hands the connection to the next in line, queued writes and transactions alike', async () => {
  const first = d.db.transaction().execute(async (trx) => {
    await trx.insertInto('idempotency').values({ key: 'hand-0', body: '', created_at: 1, expires_at: 2 }).execute();
    await sleep(10);
    throw new Error('give up');
  });
  await sleep(2);
  const write = put('hand-1');
  const second = d.db.transaction().execute(async (trx) => {
    await trx.insertInto('idempotency').values({ key: 'hand-2', body: '', created_at: 1, expires_at: 2 }).execute();
  });
  const laterWrite = put('hand-3');
  await assert.rejects(first, /give up/);
  await Promise.all([write, second, laterWrite]);
  assert.deepStrictEqual(stored('hand-'), ['hand-1', 'hand-2', 'hand-3']);
});

test('N waiting transactions cost O(N) promise continuations, not one wake-up each per transaction ahead', async () => {
  // Counts every promise continuation V8 runs (a resumed await is one). Handing the connection to
  // exactly the next waiter keeps this linear; waking every waiter at each hand-off makes it N²/2.
  const continuations = async (n: number, tag: string) => {
    let count = 0;
    const stop = promiseHooks.onBefore(() => count++);
    try {
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          d.db.transaction().execute(async (trx) => {
            await trx
              .insertInto('idempotency')
              .values({ key: `${tag}-${i}`, body: '', created_at: 1, expires_at: 2 })
              .execute();
          }),
        ),
      );
    } finally {
      stop();
    }
    return count;
  };
  await continuations(50, 'wake-warm');
  const small = await continuations(100, 'wake-s');
  const large = await continuations(400, 'wake-l');
  // Four times the transactions: about four times the continuations if linear, sixteen if quadratic.
  assert.ok(large / small < 6, `continuations: ${small} for 100 transactions, ${large} for 400`);
});

const putQuery = (key: string) => d.db.insertInto('idempotency').values({ key, body: key, created_at: 1, expires_at: 2 }).compile();

test('an atomic unit whose first statement fails rejects alone; the rest of its batch commits', async () => {
  await put('unit-taken');
  const good = d.runAtomically([putQuery('unit-a1'), putQuery('unit-a2')]);
  const bad = d.runAtomically([putQuery('unit-taken'), putQuery('unit-b2')]);
  const plain = put('unit-c1');
  await assert.rejects(bad, /UNIQUE/);
  await Promise.all([good, plain]);
  assert.deepEqual(committed('unit-'), ['unit-a1', 'unit-a2', 'unit-c1', 'unit-taken']);
});

test('a unit failing after its first statement never commits half: the batch it wrote into is rolled back', async () => {
  await put('half-taken');
  // Units run synchronously when issued, so these three share one batch in this order.
  const before = d.runAtomically([putQuery('half-before')]);
  const bad = d.runAtomically([putQuery('half-b1'), putQuery('half-taken')]);
  const after = d.runAtomically([putQuery('half-after')]);
  const outcomes = await Promise.allSettled([before, bad, after]);
  assert.deepEqual(
    outcomes.map((o) => o.status),
    ['rejected', 'rejected', 'fulfilled'],
    'what shared the batch fails with it; what came after starts a new batch',
  );
  assert.deepEqual(committed('half-'), ['half-after', 'half-taken']);
});

test('an atomic unit issued while a transaction is open waits for it and lands after it', async () => {
  let order: string[] = [];
  const tx = d.db.transaction().execute(async (t) => {
    await t.insertInto('idempotency').values({ key: 'unit-tx', body: 'x', created_at: 1, expires_at: 2 }).execute();
    order.push('tx');
  });
  const unit = d.runAtomically([putQuery('unit-after-tx')]).then(() => order.push('unit'));
  await Promise.all([tx, unit]);
  assert.deepEqual(order, ['tx', 'unit']);
  order = [];
  assert.deepEqual(committed('unit-after'), ['unit-after-tx']);
});

test('runOrdered resolves once run, before its batch commits, and commits with the writes after it', async () => {
  const changed = await d.runOrdered(putQuery('ordered-1'));
  assert.equal(changed, 1);
  assert.deepEqual(committed('ordered-'), [], 'it resolved before a commit: no commit wait');
  const seen = await d.db.selectFrom('idempotency').select('key').where('key', '=', 'ordered-1').execute();
  assert.equal(seen.length, 1, 'the open batch already holds it (the writer reads it)');
  await put('ordered-2'); // a durable write after it: the ordered one is durable too
  assert.deepEqual(committed('ordered-'), ['ordered-1', 'ordered-2']);
});

test('runOrdered reports 0 for a write that changed nothing, and fails alone on a constraint', async () => {
  const none = d.db.updateTable('idempotency').set({ body: 'x' }).where('key', '=', 'ordered-nobody').compile();
  assert.equal(await d.runOrdered(none), 0);
  await assert.rejects(
    d.runOrdered(d.db.insertInto('idempotency').values({ key: 'ordered-1', body: '', created_at: 1, expires_at: 2 }).compile()),
  );
  await put('ordered-3');
  assert.deepEqual(committed('ordered-'), ['ordered-1', 'ordered-2', 'ordered-3']);
});

test('runOrdered issued while a transaction is open waits for it and lands after it', async () => {
  const order: string[] = [];
  const tx = d.db.transaction().execute(async (t) => {
    await t.insertInto('idempotency').values({ key: 'ordered-tx', body: 'x', created_at: 1, expires_at: 2 }).execute();
    await sleep(10);
    order.push('tx');
  });
  await sleep(2);
  const ordered = d.runOrdered(putQuery('ordered-after-tx')).then(() => order.push('ordered'));
  await Promise.all([tx, ordered]);
  assert.deepEqual(order, ['tx', 'ordered']);
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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

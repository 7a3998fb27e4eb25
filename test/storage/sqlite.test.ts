import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openStorage } from '../../src/storage/open-storage.ts';
import { defineStorageSuite } from './support/storage-suite.ts';
import { sqliteTarget } from './support/storage-targets.ts';

describe('storage on SQLite', () => defineStorageSuite(sqliteTarget()));

describe('SQLite file setup', () => {
  test('pendingMigrations counts the migrations a database lacks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openccc-sqlite-'));
    try {
      const path = join(dir, 'data.db');
      const storage = await openStorage({ kind: 'sqlite', path, exclusive: false });
      try {
        assert.equal(await storage.pendingMigrations(), 0);
        const raw = new BetterSqlite3(path);
        raw.prepare("delete from kysely_migration where name = '0005-client-tokens'").run();
        raw.close();
        assert.equal(await storage.pendingMigrations(), 1);
      } finally {
        await storage.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('creates missing parent directories and leaves the file in WAL mode with the tables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openccc-sqlite-'));
    try {
      const path = join(dir, 'a', 'b', 'data.db');
      const storage = await openStorage({ kind: 'sqlite', path });
      await storage.close();
      assert.ok(existsSync(path));
      const raw = new BetterSqlite3(path, { readonly: true });
      try {
        assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
        const tables = raw
          .prepare("select name from sqlite_master where type = 'table' and name not like 'kysely%' order by name")
          .pluck()
          .all();
        assert.deepStrictEqual(tables, [
          'call_dialogs',
          'cdrs',
          'client_tokens',
          'cluster_nodes',
          'idempotency',
          'outbox',
          'recordings',
          'session_events',
          'session_traces',
          'sessions',
        ]);
        const indexes = raw
          .prepare("select name from sqlite_master where type = 'index' and name not like 'sqlite_%' order by name")
          .pluck()
          .all();
        assert.deepStrictEqual(indexes, [
          'cdrs_app_started',
          'client_tokens_expires',
          'idempotency_expires',
          'outbox_session_endpoint_state_seq',
          'outbox_state_endpoint_due',
          'recordings_created',
          'recordings_session',
          'sessions_app_callee_started',
          'sessions_app_caller_started',
          'sessions_app_status',
          'sessions_unfinished_started',
        ]);
      } finally {
        raw.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('by default the server owns the file: another connection cannot read it until storage closes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openccc-sqlite-'));
    try {
      const path = join(dir, 'owned.db');
      const storage = await openStorage({ kind: 'sqlite', path });
      const other = new BetterSqlite3(path, { readonly: true, timeout: 50 });
      try {
        assert.throws(() => other.prepare('select count(*) from sessions').get(), /locked|busy/i);
        await storage.close();
        assert.deepStrictEqual(other.prepare('select count(*) as n from sessions').get(), { n: 0 });
      } finally {
        other.close();
        await storage.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a path that cannot be opened fails openStorage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openccc-sqlite-'));
    try {
      // The "file" is a directory: SQLite cannot open it.
      await assert.rejects(openStorage({ kind: 'sqlite', path: dir }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

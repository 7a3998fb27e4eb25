import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import type { StorageDialect } from './storage-dialect.ts';
import { GroupCommitSqliteDialect } from './sqlite/group-commit-dialect.ts';

/** How long a writer waits for another process's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/** Embedded SQLite: one connection, WAL so readers never block the writer, writes group-committed. */
export function openSqliteDialect(path: string): StorageDialect {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const conn = new BetterSqlite3(path);
  try {
    conn.pragma('journal_mode = WAL');
    // In WAL mode NORMAL loses at most the last commits on power loss, never consistency.
    conn.pragma('synchronous = NORMAL');
    conn.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    conn.pragma('foreign_keys = ON');
  } catch (err) {
    conn.close();
    throw err;
  }
  const db = new Kysely<Database>({ dialect: new GroupCommitSqliteDialect(conn) });
  return { name: 'sqlite', db, migrationTableSchema: undefined };
}

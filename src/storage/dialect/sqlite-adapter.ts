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
export function openSqliteDialect(path: string, opts: { exclusive?: boolean } = {}): StorageDialect {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const conn = new BetterSqlite3(path);
  try {
    // One openccc process owns its database file (the dialect is singleWriter): holding the lock
    // for the connection's life saves the lock system calls every transaction would make, and
    // set before WAL it keeps the WAL index in heap memory instead of a shared-memory file. A
    // second server pointed at the same file fails at start instead of sharing it.
    if (opts.exclusive ?? true) conn.pragma('locking_mode = EXCLUSIVE');
    conn.pragma('journal_mode = WAL');
    // In WAL mode NORMAL loses at most the last commits on power loss, never consistency.
    conn.pragma('synchronous = NORMAL');
    conn.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    conn.pragma('foreign_keys = ON');
  } catch (err) {
    conn.close();
    throw err;
  }
  const dialect = new GroupCommitSqliteDialect(conn);
  const db = new Kysely<Database>({ dialect });
  return {
    name: 'sqlite',
    db,
    migrationTableSchema: undefined,
    singleWriter: true,
    supportsSkipLocked: false,
    runAtomically: (qs, opts) => dialect.activeDriver.executeAtomically(qs, opts?.guarded ?? false),
    runOrdered: (q) => dialect.activeDriver.executeOrdered(q),
  };
}

import type { Database as BetterSqlite3Database, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Enough for every distinct query shape the repositories build, with room for IN-list sizes. */
const MAX_STATEMENTS = 256;

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs more than running a
 * small insert. Statements are keyed by SQL text and reused (oldest evicted first). Safe
 * because Kysely serializes all use of the single connection.
 */
export function cachingStatements(conn: BetterSqlite3Database, max = MAX_STATEMENTS): SqliteDatabase {
  const cache = new Map<string, Statement>();
  return {
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = conn.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        cache.set(sql, stmt);
      }
      return stmt;
    },
    close() {
      cache.clear();
      conn.close();
    },
  };
}

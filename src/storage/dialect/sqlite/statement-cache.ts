import type { Database, Statement } from 'better-sqlite3';

/** Enough for every distinct query shape the repositories build, with room for IN-list sizes. */
const MAX_STATEMENTS = 256;

/**
 * Preparing a statement costs more than running a small insert, so statements are kept by SQL
 * text and reused, oldest evicted first. Safe because every use of the connection is serial.
 */
export class StatementCache {
  private readonly cache = new Map<string, Statement>();

  constructor(
    private readonly conn: Database,
    private readonly max = MAX_STATEMENTS,
  ) {}

  get(sql: string): Statement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.conn.prepare(sql);
      if (this.cache.size >= this.max) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }

  clear(): void {
    this.cache.clear();
  }
}

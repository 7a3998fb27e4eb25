import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from '../database.ts';

/**
 * The one seam between SQLite and Postgres. Everything a dialect does differently is here:
 * how connections are opened and configured (pragmas vs search_path), how int8 comes back
 * (pg sends strings; the adapter parses them so rows hold numbers), and where the migration
 * bookkeeping lives. Upsert and insert-ignore need no entry: both dialects speak
 * `INSERT ... ON CONFLICT`, which Kysely writes the same way for each.
 */
export interface StorageDialect {
  readonly name: 'sqlite' | 'postgres';
  readonly db: Kysely<Database>;
  /** Schema holding Kysely's migration tables; undefined where schemas do not exist. */
  readonly migrationTableSchema: string | undefined;
  /**
   * True when this process is the database's only writer (an openccc SQLite file), so results
   * derived from the data may be cached until this process itself writes. Postgres is shared.
   */
  readonly singleWriter: boolean;
  /**
   * True when a claim may lock the rows it takes and skip those others hold (`FOR UPDATE SKIP
   * LOCKED`), so servers sharing the database claim disjoint rows at once. SQLite has one writer
   * at a time and no such clause: its claims are serialized anyway.
   */
  readonly supportsSkipLocked: boolean;
  /**
   * Runs writes as one atomic unit (a session's row and the events it produced): SQLite as a
   * savepoint inside its group commit, Postgres as a transaction. Resolves once durable.
   * `guarded`: when the first query changes no row (a fenced session write), the rest are not
   * run and it resolves false; otherwise true.
   */
  runAtomically(queries: readonly CompiledQuery[], opts?: AtomicOptions): Promise<boolean>;
  /**
   * Runs one write that every later write is ordered after, and resolves with how many rows it
   * changed as soon as that is known: on SQLite once it has run (one connection, group commit:
   * nothing written after it can become durable before it), on Postgres once committed. For a
   * write whose durability the caller needs only as a precondition of its next writes (the replay
   * reservation before the call it guards), not as an answer of its own: it saves a commit wait.
   */
  runOrdered(query: CompiledQuery): Promise<number>;
}

export interface AtomicOptions {
  /** Run the rest only if the first query changed a row. */
  guarded?: boolean;
}

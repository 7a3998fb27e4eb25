import type { Database } from 'better-sqlite3';
import type { StatementCache } from './statement-cache.ts';

/** Writes sharing one SQLite transaction; each waits for its COMMIT. */
export interface Batch {
  readonly waiters: { resolve: () => void; reject: (err: unknown) => void }[];
}

/** Past this many waiting writes a batch commits at once rather than at the end of the tick. */
const MAX_BATCH_WRITES = 1_000;

/**
 * Group commit. In WAL mode most of a small write's cost is its commit, so writes issued in the
 * same event-loop turn share one transaction, committed on setImmediate. A write's promise
 * settles only when its batch has committed (or failed), so nothing is reported durable early.
 * While an explicit transaction is open inside the batch (`hold`), the batch cannot commit.
 */
export class GroupCommit {
  private batch: Batch | undefined;
  private held = false;
  private flushWanted = false;

  constructor(
    private readonly conn: Database,
    private readonly statements: StatementCache,
    private readonly maxWrites = MAX_BATCH_WRITES,
  ) {}

  /** Runs a transaction-control statement (prepared once: cheaper than exec each time). */
  control(sql: string): void {
    this.statements.get(sql).run();
  }

  /** The open batch, beginning one (and scheduling its commit) if there is none. */
  open(): Batch {
    if (this.batch) return this.batch;
    // IMMEDIATE takes the write lock now (waiting out busy_timeout), not at the first write.
    this.control('BEGIN IMMEDIATE');
    const b: Batch = { waiters: [] };
    this.batch = b;
    setImmediate(() => {
      if (this.batch === b) this.flush();
    });
    return b;
  }

  isOpen(b: Batch): boolean {
    return this.batch === b && this.conn.inTransaction;
  }

  /** Settles when `b` commits; rejects at once if `b` was already lost. */
  durable(b: Batch): Promise<void> {
    if (this.batch !== b) return Promise.reject(new Error('sqlite: the write batch was rolled back'));
    const p = new Promise<void>((resolve, reject) => b.waiters.push({ resolve, reject }));
    if (b.waiters.length >= this.maxWrites) this.flush();
    return p;
  }

  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    if (this.flushWanted) this.flush();
  }

  /** Commits the open batch now, unless an explicit transaction holds it. */
  flush(): void {
    const b = this.batch;
    if (!b) return;
    if (this.held) {
      this.flushWanted = true;
      return;
    }
    this.flushWanted = false;
    this.batch = undefined;
    try {
      this.control('COMMIT');
    } catch (err) {
      if (this.conn.inTransaction) this.control('ROLLBACK');
      settle(b, err);
      return;
    }
    settle(b);
  }

  /**
   * After a statement failed. A constraint error undoes only that statement, but some errors
   * (disk full, I/O) make SQLite roll back the whole transaction: then every write of the batch
   * is lost and must fail too.
   */
  afterError(err: unknown): void {
    const b = this.batch;
    if (!b || this.conn.inTransaction) return;
    this.batch = undefined;
    this.flushWanted = false;
    settle(b, err);
  }

  /** Rolls the whole open batch back and fails every write in it: a unit must never commit half. */
  abort(err: unknown): void {
    const b = this.batch;
    if (!b) return;
    this.batch = undefined;
    this.flushWanted = false;
    if (this.conn.inTransaction) this.control('ROLLBACK');
    settle(b, err);
  }

  /** Commits what can be committed before the connection closes; a held batch is rolled back. */
  end(): void {
    if (this.held && this.batch) {
      const b = this.batch;
      this.batch = undefined;
      if (this.conn.inTransaction) this.control('ROLLBACK');
      settle(b, new Error('sqlite: closed during a transaction'));
      return;
    }
    this.flush();
  }
}

function settle(b: Batch, err?: unknown): void {
  for (const w of b.waiters) {
    if (err === undefined) w.resolve();
    else w.reject(err);
  }
}

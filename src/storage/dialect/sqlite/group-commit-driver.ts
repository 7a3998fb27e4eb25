import type { Database, Statement } from 'better-sqlite3';
import type { CompiledQuery, DatabaseConnection, Driver, QueryResult } from 'kysely';
import { GroupCommit, type Batch } from './group-commit.ts';
import { StatementCache } from './statement-cache.ts';

const SAVEPOINT = 'openccc_tx';

/**
 * A Kysely driver for one better-sqlite3 connection with group commit (see GroupCommit).
 * Plain queries run as they come; an explicit transaction is a savepoint inside the batch and
 * has the connection to itself until it ends, so its rollback can never undo anyone else's write.
 */
export class GroupCommitDriver implements Driver {
  private readonly statements: StatementCache;
  private readonly commits: GroupCommit;
  private owner: SqliteHandle | undefined;
  private ownerBatch: Batch | undefined;
  private ownerEnded: Promise<void> | undefined;
  private endOwner: (() => void) | undefined;

  constructor(private readonly conn: Database) {
    this.statements = new StatementCache(conn);
    this.commits = new GroupCommit(conn, this.statements);
  }

  async init(): Promise<void> {}

  // A handle per acquisition: it tells a transaction's own queries from everyone else's.
  async acquireConnection(): Promise<DatabaseConnection> {
    return new SqliteHandle(this);
  }

  async releaseConnection(): Promise<void> {}

  async beginTransaction(handle: DatabaseConnection): Promise<void> {
    while (this.owner) await this.ownerEnded;
    let ended!: () => void;
    this.ownerEnded = new Promise<void>((resolve) => (ended = resolve));
    this.endOwner = ended;
    this.owner = handle as SqliteHandle;
    try {
      this.ownerBatch = this.commits.open();
      this.commits.hold();
      this.commits.control(`SAVEPOINT ${SAVEPOINT}`);
    } catch (err) {
      this.commits.afterError(err);
      this.endTransaction();
      throw err;
    }
  }

  async commitTransaction(handle: DatabaseConnection): Promise<void> {
    if (this.owner !== handle) throw new Error('sqlite: commit of a transaction that is not open');
    const b = this.ownerBatch;
    // On failure Kysely calls rollbackTransaction, which ends the transaction.
    if (!b || !this.commits.isOpen(b)) throw new Error('sqlite: the transaction was rolled back by an earlier error');
    this.commits.control(`RELEASE ${SAVEPOINT}`);
    const done = this.commits.durable(b);
    this.endTransaction();
    await done;
  }

  async rollbackTransaction(handle: DatabaseConnection): Promise<void> {
    if (this.owner !== handle) return; // already ended, e.g. its batch failed after RELEASE
    try {
      const b = this.ownerBatch;
      if (b && this.commits.isOpen(b)) {
        this.commits.control(`ROLLBACK TO ${SAVEPOINT}`);
        this.commits.control(`RELEASE ${SAVEPOINT}`);
      }
    } finally {
      this.endTransaction();
    }
  }

  async destroy(): Promise<void> {
    this.commits.end();
    this.statements.clear();
    this.conn.close();
  }

  async execute(handle: SqliteHandle, q: CompiledQuery): Promise<QueryResult<unknown>> {
    while (this.owner && this.owner !== handle) await this.ownerEnded;
    const stmt = this.statements.get(q.sql);
    if (stmt.readonly) return run(stmt, q.parameters);
    const b = this.commits.open();
    let result: QueryResult<unknown>;
    try {
      result = run(stmt, q.parameters);
    } catch (err) {
      this.commits.afterError(err);
      throw err;
    }
    // Inside a transaction, durability comes with its commit.
    if (this.owner === handle) return result;
    await this.commits.durable(b);
    return result;
  }

  private endTransaction(): void {
    this.owner = undefined;
    this.ownerBatch = undefined;
    this.ownerEnded = undefined;
    this.endOwner?.();
    this.endOwner = undefined;
    this.commits.release();
  }
}

function run(stmt: Statement, parameters: readonly unknown[]): QueryResult<unknown> {
  if (stmt.reader) return { rows: stmt.all(parameters) };
  const { changes, lastInsertRowid } = stmt.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

class SqliteHandle implements DatabaseConnection {
  constructor(private readonly driver: GroupCommitDriver) {}

  executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    return this.driver.execute(this, q) as Promise<QueryResult<R>>;
  }

  // Nothing here streams; one chunk keeps the interface honest without holding a statement open.
  async *streamQuery<R>(q: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    yield (await this.driver.execute(this, q)) as QueryResult<R>;
  }
}

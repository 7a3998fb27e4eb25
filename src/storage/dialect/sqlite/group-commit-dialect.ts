import type { Database } from 'better-sqlite3';
import { SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type Dialect, type Kysely } from 'kysely';
import { GroupCommitDriver } from './group-commit-driver.ts';

/** Kysely's SQLite dialect with the group-commit driver in place of its own. */
export class GroupCommitSqliteDialect implements Dialect {
  private driver: GroupCommitDriver | undefined;

  constructor(private readonly conn: Database) {}

  createDriver(): GroupCommitDriver {
    return (this.driver ??= new GroupCommitDriver(this.conn));
  }

  /** The driver Kysely runs on, for the writes that bypass its builder (runAtomically). */
  get activeDriver(): GroupCommitDriver {
    return this.createDriver();
  }

  createQueryCompiler(): SqliteQueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): SqliteAdapter {
    return new SqliteAdapter();
  }

  // Kysely's Dialect interface itself types this parameter as Kysely<any>.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  createIntrospector(db: Kysely<any>): SqliteIntrospector {
    return new SqliteIntrospector(db);
  }
}

import type { SessionRecord } from '../domain/session.ts';
import type { Storage } from './repositories.ts';
import type { StorageDialect } from './dialect/storage-dialect.ts';
import { KyselySessionRepository } from './session-repository.ts';
import { KyselyCdrRepository } from './cdr-repository.ts';
import { CdrQueryCache } from './cdr-query-cache.ts';
import { writeQueries, type WriteQueries } from './write-queries.ts';
import { toSessionRow } from './rows/session-row.ts';
import { KyselyIdempotencyRepository } from './idempotency-repository.ts';
import { runMigrations } from './migrations/run-migrations.ts';

/** The Storage both dialects share; only the StorageDialect underneath differs. */
export class KyselyStorage implements Storage {
  readonly dialect: 'sqlite' | 'postgres';
  readonly sessions: KyselySessionRepository;
  readonly cdrs: KyselyCdrRepository;
  readonly idempotency: KyselyIdempotencyRepository;
  private readonly writes: WriteQueries;
  private closing: Promise<void> | undefined;

  constructor(private readonly d: StorageDialect) {
    this.dialect = d.name;
    this.writes = writeQueries(d.db);
    this.sessions = new KyselySessionRepository(d.db, this.writes);
    this.cdrs = new KyselyCdrRepository(d.db, d.singleWriter ? new CdrQueryCache() : undefined);
    this.idempotency = new KyselyIdempotencyRepository(d.db);
  }

  async finishSession(session: SessionRecord): Promise<void> {
    const row = toSessionRow(session);
    this.cdrs.queryCache?.invalidate(session.sdkAppId);
    await this.d.db.transaction().execute(async (tx) => {
      await tx.executeQuery(this.writes.upsertSession(row));
      await tx.executeQuery(this.writes.insertCdrOnce(row));
    });
    // Again after commit: a count that ran while this CDR was being written must not be kept.
    this.cdrs.queryCache?.invalidate(session.sdkAppId);
  }

  migrate(): Promise<void> {
    return runMigrations(this.d);
  }

  /** Idempotent: later calls wait for the first. */
  close(): Promise<void> {
    return (this.closing ??= this.d.db.destroy());
  }
}

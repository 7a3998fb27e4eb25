import type { LifecycleEvent } from '../domain/lifecycle-event.ts';
import type { OutboxMessage } from '../domain/outbox.ts';
import type { SessionRecord } from '../domain/session.ts';
import type { SessionOwner, Storage, WriteOutcome } from './repositories.ts';
import type { StorageDialect } from './dialect/storage-dialect.ts';
import { KyselySessionRepository } from './session-repository.ts';
import { KyselyCdrRepository } from './cdr-repository.ts';
import { withEvents, writeQueries, type WriteQueries } from './write-queries.ts';
import { toSessionRow } from './rows/session-row.ts';
import { KyselyIdempotencyRepository } from './idempotency-repository.ts';
import { KyselyRecordingRepository } from './recording-repository.ts';
import { KyselyClientTokenRepository } from './client-token-repository.ts';
import { KyselyTraceRepository } from './trace-repository.ts';
import { KyselyClusterNodeRepository } from './cluster-node-repository.ts';
import { KyselyCallDialogRepository } from './call-dialog-repository.ts';
import { KyselyOutboxRepository } from './outbox-repository.ts';
import { pendingMigrations, runMigrations } from './migrations/run-migrations.ts';

/** The Storage both dialects share; only the StorageDialect underneath differs. */
export class KyselyStorage implements Storage {
  readonly dialect: 'sqlite' | 'postgres';
  readonly singleWriter: boolean;
  readonly sessions: KyselySessionRepository;
  readonly cdrs: KyselyCdrRepository;
  readonly idempotency: KyselyIdempotencyRepository;
  readonly recordings: KyselyRecordingRepository;
  readonly clientTokens: KyselyClientTokenRepository;
  readonly traces: KyselyTraceRepository;
  readonly clusterNodes: KyselyClusterNodeRepository;
  readonly callDialogs: KyselyCallDialogRepository;
  readonly outbox: KyselyOutboxRepository;
  private readonly writes: WriteQueries;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly d: StorageDialect,
    readonly owner: SessionOwner,
  ) {
    this.dialect = d.name;
    this.singleWriter = d.singleWriter;
    this.writes = writeQueries(d.db);
    this.sessions = new KyselySessionRepository(d, this.writes, owner);
    this.cdrs = new KyselyCdrRepository(d.db);
    this.idempotency = new KyselyIdempotencyRepository(d);
    this.recordings = new KyselyRecordingRepository(d.db);
    this.clientTokens = new KyselyClientTokenRepository(d.db);
    this.traces = new KyselyTraceRepository(d.db);
    this.clusterNodes = new KyselyClusterNodeRepository(d.db);
    this.callDialogs = new KyselyCallDialogRepository(d.db);
    this.outbox = new KyselyOutboxRepository(d, this.writes);
  }

  // Guarded: the CDR, the events, their deliveries and the dialog's deletion happen only if the fenced session write took effect.
  async finishSession(
    session: SessionRecord,
    events: readonly LifecycleEvent[] = [],
    outbox: readonly OutboxMessage[] = [],
  ): Promise<WriteOutcome> {
    const row = this.sessions.owned(session);
    const plain = toSessionRow(session);
    const queries = withEvents(
      this.writes,
      [this.writes.upsertOwnedSession(row), this.writes.insertCdrOnce(plain), this.writes.deleteCallDialog(plain)],
      events,
      outbox,
    );
    return (await this.d.runAtomically(queries, { guarded: true })) ? 'written' : 'fenced';
  }

  async recordRefusal(cdr: SessionRecord, events: readonly LifecycleEvent[] = [], outbox: readonly OutboxMessage[] = []): Promise<void> {
    await this.d.runAtomically(withEvents(this.writes, [this.writes.insertCdrOnce(toSessionRow(cdr))], events, outbox));
  }

  migrate(): Promise<void> {
    return runMigrations(this.d);
  }

  pendingMigrations(): Promise<number> {
    return this.closing ? Promise.reject(new Error('storage is closed')) : pendingMigrations(this.d);
  }

  /** Idempotent: later calls wait for the first. */
  close(): Promise<void> {
    return (this.closing ??= this.d.db.destroy());
  }
}

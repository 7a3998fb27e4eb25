import { DEFAULT_MIGRATION_TABLE, Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { StorageDialect } from '../dialect/storage-dialect.ts';
import { initial } from './0001-initial.ts';
import { lifecycleEvents } from './0002-lifecycle-events.ts';
import { sessionTraces } from './0003-session-traces.ts';
import { recordings } from './0004-recordings.ts';
import { clientTokens } from './0005-client-tokens.ts';
import { clusterNodes } from './0007-cluster-nodes.ts';
import { callDialogs } from './0006-call-dialogs.ts';
import { outbox } from './0008-outbox.ts';

/** Every migration, in order. Names sort lexically, so keep the zero-padded prefix. */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-initial': initial,
  '0002-lifecycle-events': lifecycleEvents,
  '0003-session-traces': sessionTraces,
  '0004-recordings': recordings,
  '0005-client-tokens': clientTokens,
  '0006-call-dialogs': callDialogs,
  '0007-cluster-nodes': clusterNodes,
  '0008-outbox': outbox,
};

/** Migrations live in code, not on disk: the package needs no directory scan to start. */
const provider: MigrationProvider = { getMigrations: async () => ({ ...migrations }) };

/** Applies pending migrations; a no-op when the schema is current. Throws the first failure. */
export async function runMigrations(dialect: StorageDialect): Promise<void> {
  const migrator = new Migrator({
    db: dialect.db,
    provider,
    ...(dialect.migrationTableSchema ? { migrationTableSchema: dialect.migrationTableSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`storage migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

/**
 * How many of this build's migrations the database has not applied: one small read of the
 * migration table (a readiness probe, so no introspection). Throws when the database does not answer.
 */
export async function pendingMigrations(dialect: StorageDialect): Promise<number> {
  const table = dialect.migrationTableSchema
    ? sql.table(`${dialect.migrationTableSchema}.${DEFAULT_MIGRATION_TABLE}`)
    : sql.table(DEFAULT_MIGRATION_TABLE);
  const applied = await sql<{ name: string }>`select name from ${table}`.execute(dialect.db);
  const done = new Set(applied.rows.map((r) => r.name));
  return Object.keys(migrations).filter((name) => !done.has(name)).length;
}

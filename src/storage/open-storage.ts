import { randomUUID } from 'node:crypto';
import { silentLogger, type Logger } from '../shared/logger.ts';
import type { SessionOwner, Storage, StorageConfig } from './repositories.ts';
import type { StorageDialect } from './dialect/storage-dialect.ts';
import { openSqliteDialect } from './dialect/sqlite-adapter.ts';
import { openPostgresDialect } from './dialect/postgres-adapter.ts';
import { KyselyStorage } from './kysely-storage.ts';

export interface OpenStorageOptions {
  logger?: Logger;
  /**
   * Who owns the sessions this Storage writes (the server's node id and this run's incarnation).
   * Default: an unregistered owner unique to this Storage, for tools that write no calls.
   */
  owner?: SessionOwner;
}

/** Opens the configured database, brings its schema up to date and returns it ready to use. */
export async function openStorage(config: StorageConfig, opts: OpenStorageOptions = {}): Promise<Storage> {
  const logger = opts.logger ?? silentLogger;
  const dialect: StorageDialect =
    config.kind === 'sqlite'
      ? openSqliteDialect(config.path, { exclusive: config.exclusive })
      : await openPostgresDialect(config.url, config.schema, logger);
  const storage = new KyselyStorage(dialect, opts.owner ?? { node: 'unregistered', incarnation: randomUUID() });
  try {
    await storage.migrate();
  } catch (err) {
    await storage.close();
    throw err;
  }
  logger.debug({ dialect: dialect.name }, 'storage open');
  return storage;
}

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openStorage } from '../../storage/open-storage.ts';
import type { Storage, StorageConfig } from '../../storage/repositories.ts';
import type { LoadedConfig } from '../config/load.ts';
import { storageConfigOf } from '../runtime/storage-config.ts';

/** Why an operator's command could not read (or change) a world's database, in words for an operator. */
export class StoredWorldError extends Error {
  constructor(
    message: string,
    readonly kind: 'noDatabase' | 'locked' | 'notFound',
  ) {
    super(message);
    this.name = 'StoredWorldError';
  }
}

/** Where a world's database is: its config (`storage`, else SQLite in the data directory), or just a data directory. */
export function storedWorldTarget(loaded: LoadedConfig | undefined, dataDirOverride: string | undefined): StorageConfig {
  if (loaded) {
    const dataDir = resolve(dataDirOverride ?? resolve(loaded.baseDir, loaded.config.server.dataDir));
    return storageConfigOf(loaded, dataDir);
  }
  if (dataDirOverride === undefined) throw new Error('storedWorldTarget needs a config or a data directory');
  return { kind: 'sqlite', path: resolve(dataDirOverride, 'openccc.db') };
}

/**
 * Runs `use` on a world's storage opened for one command, then closes it. Never creates a
 * database: a SQLite file that is not there is an error. SQLite allows one process at a time
 * (`serve` holds the file), so using it while the server runs fails as `locked`.
 */
export async function withStoredWorld<T>(target: StorageConfig, use: (storage: Storage) => Promise<T>): Promise<T> {
  if (target.kind === 'sqlite' && !existsSync(target.path)) throw new StoredWorldError(`no database at ${target.path}`, 'noDatabase');
  let storage;
  try {
    storage = await openStorage(target.kind === 'sqlite' ? { ...target, exclusive: false } : target);
  } catch (err) {
    throw lockedOr(err, target);
  }
  try {
    return await use(storage);
  } catch (err) {
    throw lockedOr(err, target);
  } finally {
    await storage.close();
  }
}

function lockedOr(err: unknown, target: StorageConfig): unknown {
  const code = (err as { code?: unknown }).code;
  if (target.kind === 'sqlite' && typeof code === 'string' && code.startsWith('SQLITE_BUSY'))
    return new StoredWorldError(
      `the database ${target.path} is locked by another process (a running openccc serve holds its SQLite file); stop it, or use Postgres storage to use the database while serving`,
      'locked',
    );
  return err;
}

import { resolve } from 'node:path';
import type { StorageConfig } from '../../storage/repositories.ts';
import type { LoadedConfig } from '../config/load.ts';

/** Where the world's data lives: the configured database, else SQLite in the data directory. */
export function storageConfigOf(loaded: LoadedConfig, dataDir: string): StorageConfig {
  const s = loaded.config.storage;
  if (!s) return { kind: 'sqlite', path: resolve(dataDir, 'openccc.db') };
  if ('postgres' in s) return { kind: 'postgres', url: s.postgres, schema: s.schema };
  return { kind: 'sqlite', path: resolve(loaded.baseDir, s.sqlite) };
}

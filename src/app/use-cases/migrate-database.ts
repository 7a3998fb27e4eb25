import { resolve } from 'node:path';
import { openStorage } from '../../storage/open-storage.ts';
import type { LoadedConfig } from '../config/load.ts';
import { storageConfigOf } from '../runtime/storage-config.ts';

/** `openccc db migrate`: brings a world's database schema up to date; returns where it is (no password). */
export async function migrateDatabase(loaded: LoadedConfig, dataDirOverride?: string): Promise<string> {
  const dataDir = resolve(dataDirOverride ?? resolve(loaded.baseDir, loaded.config.server.dataDir));
  const target = storageConfigOf(loaded, dataDir);
  const storage = await openStorage(target);
  await storage.close();
  return `${target.kind} ${target.kind === 'sqlite' ? target.path : target.url.replace(/\/\/[^@/]*@/, '//***@')}`;
}

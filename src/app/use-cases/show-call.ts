import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LifecycleEvent } from '../../domain/lifecycle-event.ts';
import type { SessionRecord } from '../../domain/session.ts';
import { openStorage } from '../../storage/open-storage.ts';
import type { StorageConfig, StoredTrace } from '../../storage/repositories.ts';
import type { LoadedConfig } from '../config/load.ts';
import { storageConfigOf } from '../runtime/storage-config.ts';

/** Everything stored about one call: the session (its CDR state), its lifecycle events and its trace (sip calls only). */
export interface CallReport {
  session: SessionRecord;
  events: LifecycleEvent[];
  trace: StoredTrace | undefined;
}

/** Why a report could not be read, in words for an operator. */
export class CallReportError extends Error {
  constructor(
    message: string,
    readonly kind: 'noDatabase' | 'locked',
  ) {
    super(message);
    this.name = 'CallReportError';
  }
}

/** Where a world's database is: its config (`storage`, else SQLite in the data directory), or just a data directory. */
export function callReportStorage(loaded: LoadedConfig | undefined, dataDirOverride: string | undefined): StorageConfig {
  if (loaded) {
    const dataDir = resolve(dataDirOverride ?? resolve(loaded.baseDir, loaded.config.server.dataDir));
    return storageConfigOf(loaded, dataDir);
  }
  if (dataDirOverride === undefined) throw new Error('callReportStorage needs a config or a data directory');
  return { kind: 'sqlite', path: resolve(dataDirOverride, 'openccc.db') };
}

/**
 * `openccc calls show`: reads one session, its events and its trace; undefined when no session has
 * that id. Never creates a database: a SQLite file that is not there is an error. SQLite allows one
 * process at a time (`serve` holds the file), so reading it while the server runs fails as `locked`.
 */
export async function showCall(target: StorageConfig, sessionId: string): Promise<CallReport | undefined> {
  if (target.kind === 'sqlite' && !existsSync(target.path)) throw new CallReportError(`no database at ${target.path}`, 'noDatabase');
  let storage;
  try {
    storage = await openStorage(target.kind === 'sqlite' ? { ...target, exclusive: false } : target);
  } catch (err) {
    throw lockedOr(err, target);
  }
  try {
    const session = await storage.sessions.find(sessionId);
    if (!session) return undefined;
    const [events, trace] = await Promise.all([storage.sessions.events(sessionId), storage.traces.get(sessionId)]);
    return { session, events, trace };
  } catch (err) {
    throw lockedOr(err, target);
  } finally {
    await storage.close();
  }
}

function lockedOr(err: unknown, target: StorageConfig): unknown {
  const code = (err as { code?: unknown }).code;
  if (target.kind === 'sqlite' && typeof code === 'string' && code.startsWith('SQLITE_BUSY'))
    return new CallReportError(
      `the database ${target.path} is locked by another process (a running openccc serve holds its SQLite file); stop it, or use Postgres storage to read calls while serving`,
      'locked',
    );
  return err;
}

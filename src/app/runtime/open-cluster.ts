import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { StorageConfig } from '../../storage/repositories.ts';
import { openAdvisoryLocks } from '../../storage/cluster/advisory-locks.ts';
import { openNodeChannel } from '../../storage/cluster/node-channel.ts';
import type { LoadedConfig } from '../config/load.ts';
import { ConfigError } from '../config/config-error.ts';
import type { AdmissionLock } from '../admission-lock.ts';
import { ClusterAdmissionLock } from '../cluster/cluster-admission-lock.ts';
import { RemoteHangups } from '../cluster/remote-hangups.ts';
import type { CallSupervisor } from '../call/call-supervisor.ts';

/** Tuning of cluster mode; `cluster:` in the config turns it on. */
export interface ClusterOptions {
  /** Connections for admission locks (default 8, DEFAULT_LOCK_POOL_SIZE). */
  lockPoolSize?: number | undefined;
  /** How long HangUpCall waits for the server holding a call (default 10 s). */
  remoteHangupTimeoutMs?: number | undefined;
}

/** What cluster mode adds to a runtime: the cluster admission lock and the node channel's uses. */
export interface OpenedCluster {
  admission: AdmissionLock;
  /** The remote HangUpCall service, once the calls exist. */
  remoteHangups(calls: CallSupervisor, clock: Clock): RemoteHangups;
  /** Idempotent. */
  close(): Promise<void>;
}

/** Opens the advisory-lock pool and the node channel, both on the storage's Postgres, namespaced by its schema. */
export async function openCluster(
  loaded: LoadedConfig,
  storage: StorageConfig,
  opts: ClusterOptions & { nodeId: string },
  logger: Logger,
): Promise<OpenedCluster> {
  if (storage.kind !== 'postgres')
    throw new ConfigError([
      { file: loaded.file, path: 'cluster', message: 'several servers need storage.postgres (SQLite has one writer)' },
    ]);
  const namespace = storage.schema ?? 'public';
  const locks = openAdvisoryLocks({ url: storage.url, namespace, poolSize: opts.lockPoolSize, logger });
  let channel;
  try {
    channel = await openNodeChannel({ url: storage.url, namespace, nodeId: opts.nodeId, logger });
  } catch (err) {
    await locks.close();
    throw err;
  }
  const opened = channel;
  let hangups: RemoteHangups | undefined;
  let closing: Promise<void> | undefined;
  return {
    admission: new ClusterAdmissionLock(locks),
    remoteHangups: (calls, clock) => (hangups ??= new RemoteHangups(opened, calls, clock, logger)),
    close: () =>
      (closing ??= (async () => {
        hangups?.close();
        await Promise.all([opened.close(), locks.close()]);
      })()),
  };
}

import { KeyedMutex } from '../keyed-mutex.ts';
import type { AdmissionLock } from '../admission-lock.ts';
import type { ClusterLocks } from '../../storage/cluster/advisory-locks.ts';

/**
 * Admission for servers sharing one database: the cluster lock (Postgres advisory locks) under
 * this process's own KeyedMutex. The mutex queues this server's requests in memory, so it holds
 * at most one lock connection per key at a time and a burst on one callee costs one connection,
 * not one per request; the cluster lock then orders that one holder against the other servers'.
 */
export class ClusterAdmissionLock implements AdmissionLock {
  private readonly local = new KeyedMutex();

  constructor(private readonly cluster: Pick<ClusterLocks, 'run'>) {}

  run<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    return this.local.run(keys, () => this.cluster.run(keys, fn));
  }

  /** Keys held or awaited in this process; for tests and leak checks. */
  size(): number {
    return this.local.size();
  }
}

import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../../shared/logger.ts';

/** Cluster-wide mutual exclusion by key, held for the length of `fn`. */
export interface ClusterLocks {
  run<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T>;
  /** Ends the lock connections (Postgres frees whatever they held). Idempotent. */
  close(): Promise<void>;
}

export interface AdvisoryLockOptions {
  url: string;
  /**
   * Prefixes every key before hashing. Advisory locks are per database, not per schema: two
   * installations (or test runs) in one database must not share locks, so this is the schema.
   */
  namespace: string;
  /** Lock connections (DEFAULT_LOCK_POOL_SIZE); this many distinct key sets can be held or awaited at once by this process. */
  poolSize?: number;
  /** A wait for a lock that takes longer fails the request rather than hang it (Postgres lock_timeout). */
  lockTimeoutMs?: number;
  logger: Logger;
}

/**
 * Lock connections per server. Each admission in progress on a distinct callee/caller holds one,
 * so this bounds a server's concurrent admissions; a little under pg's default main pool (10),
 * which the admissions' own queries use. bench/cluster-admission.ts (a loaded 2-core machine): 4
 * connections ran at 0.5-0.8 of the in-process lock's rate, 8 at 0.8-1.2 (noise).
 */
export const DEFAULT_LOCK_POOL_SIZE = 8;

/** A key as a stable signed int8: the first 8 bytes of sha256(namespace NUL key). */
export function advisoryKeyOf(namespace: string, key: string): string {
  return createHash('sha256').update(`${namespace}\0${key}`).digest().readBigInt64BE(0).toString();
}

/**
 * Postgres session-level advisory locks (`pg_advisory_lock(int8)`), on connections of their own
 * small pool. Own pool, because a locker waits *on its connection* until the holder is done, and
 * the holder needs connections of the main pool to count and to insert its session row: were the
 * lockers on the main pool, enough waiters would take every connection and the holder could
 * never finish (a deadlock across servers, not just slowness). Here a waiter holds at most a lock
 * connection; the main pool stays free for the work inside the lock.
 *
 * Session-level (not xact-level) locks, because the lock spans several transactions (counts,
 * then the session insert). They are released explicitly after `fn` (which resolves once the session row is committed), on success and on error;
 * when the connection dies instead, Postgres releases them itself, and the pool drops that client.
 */
export function openAdvisoryLocks(opts: AdvisoryLockOptions): ClusterLocks {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize ?? DEFAULT_LOCK_POOL_SIZE,
    options: `-c lock_timeout=${opts.lockTimeoutMs ?? 30_000}`,
  });
  pool.on('error', (err) => opts.logger.warn({ err }, 'postgres idle lock connection failed'));
  // A checked-out client losing its server emits on the client; unhandled, that would end the process.
  pool.on('connect', (client) => client.on('error', (err) => opts.logger.warn({ err }, 'postgres lock connection failed')));
  let closing: Promise<void> | undefined;
  return {
    async run(keys, fn) {
      // One order for every locker on every server rules out deadlock between multi-key holders.
      const ids = [...new Set(keys.map((k) => advisoryKeyOf(opts.namespace, k)))];
      const client = await pool.connect();
      try {
        // One round trip for every key, taken in the subquery's order (the sort runs below the locking projection).
        await client.query('select pg_advisory_lock(k) from (select unnest($1::int8[]) as k order by 1) as keys', [ids]);
        return await fn();
      } finally {
        try {
          // The connection serves one holder at a time, so "all" is exactly what this run took
          // (also after a lock wait that failed half way), in one round trip.
          await client.query('select pg_advisory_unlock_all()');
          client.release();
        } catch (err) {
          // The connection is gone or unusable: destroy it; Postgres frees its locks with the session.
          opts.logger.warn({ err }, 'advisory unlock failed; dropping the lock connection');
          client.release(err instanceof Error ? err : true);
        }
      }
    },
    close: () => (closing ??= pool.end()),
  };
}

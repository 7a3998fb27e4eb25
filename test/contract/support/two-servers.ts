import { randomUUID } from 'node:crypto';
import { dropPostgresSchema, postgresUrl } from '../../storage/support/storage-targets.ts';
import { redisYaml } from '../../support/redis-target.ts';
import { startLiveWorld, type LiveWorld } from './live-server.ts';
import type { WorldOptions } from './test-world.ts';

export interface TwoServers {
  a: LiveWorld;
  b: LiveWorld;
  schema: string;
  /** Stops both servers and drops the schema. */
  stop(): Promise<void>;
}

/**
 * Two openccc servers in this process on one fresh Postgres schema.
 * `cluster` turns on cluster mode (`cluster:` in the config, with Redis) (advisory-lock admission, node channel); false keeps each
 * server's in-process admission lock, as a second server without cluster mode would run.
 */
export async function startTwoServers(world: WorldOptions, cluster: boolean, remoteHangupTimeoutMs?: number): Promise<TwoServers> {
  const schema = `openccc_cluster_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const redis = redisYaml(); // one namespace for both servers: they share it, no other test does
  const opts = (nodeId: string): WorldOptions => ({
    limits: 'limits: { default: 100000 }',
    ...world,
    storage: `storage: { postgres: ${JSON.stringify(postgresUrl)}, schema: ${schema} }`,
    // `cluster:` turns cluster mode on; it needs Redis too.
    ...(cluster && { extraYaml: `${world.extraYaml ?? ''}\n${redis}\ncluster: { nodeId: ${nodeId} }` }),
  });
  const tuning = cluster && remoteHangupTimeoutMs !== undefined ? { cluster: { remoteHangupTimeoutMs } } : {};
  const a = await startLiveWorld(opts('a'), tuning);
  let b: LiveWorld;
  try {
    b = await startLiveWorld(opts('b'), tuning);
  } catch (err) {
    await a.stop();
    await dropSchema(schema);
    throw err;
  }
  return {
    a,
    b,
    schema,
    async stop() {
      await Promise.allSettled([a.stop(), b.stop()]);
      await dropSchema(schema);
    },
  };
}

/** Drops a test's schema (kept under this name for the cluster tests). */
export const dropSchema = dropPostgresSchema;

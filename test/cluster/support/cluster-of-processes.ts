import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startServerProcess, type ServerProcess } from '../../../scripts/support/server-process.ts';
import { postgresUrl } from '../../storage/support/storage-targets.ts';
import { SECRET_ID, SECRET_KEY, writeTestWorld, type WorldOptions } from '../../contract/support/test-world.ts';
import { newRedisNamespace } from '../../support/redis-target.ts';

export const REDIS_URL = process.env.OPENCCC_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface ClusterOptions {
  /** YAML of the `cluster` section's other keys, as a flow mapping's inside (e.g. `leaseSeconds: 3`). */
  clusterKeys?: string;
  outboundRules?: WorldOptions['outboundRules'];
  limits?: string;
}

/**
 * Real `openccc serve` processes on one fresh Postgres schema and one Redis, each with its own
 * node id and data dir, all with the contract-test world. dispose() stops what still runs and
 * drops the schema.
 */
export class ClusterOfProcesses {
  readonly schema = `openccc_cluster_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  /** The Redis keys of this cluster, apart from every other test's. */
  readonly redisNamespace = newRedisNamespace();
  private readonly started: ServerProcess[] = [];
  private readonly worlds: { cleanup: () => void }[] = [];

  constructor(private readonly opts: ClusterOptions = {}) {}

  /** Starts one more server with this node id (a restart reuses the id of a stopped one). */
  async start(nodeId: string): Promise<ServerProcess> {
    const world = writeTestWorld({
      storage: `storage: { postgres: ${JSON.stringify(postgresUrl)}, schema: ${this.schema} }`,
      extraYaml: `redis: { url: ${JSON.stringify(REDIS_URL)}, namespace: ${this.redisNamespace} }\ncluster: { nodeId: ${nodeId}${this.opts.clusterKeys ? `, ${this.opts.clusterKeys}` : ''} }`,
      ...(this.opts.outboundRules && { outboundRules: this.opts.outboundRules }),
      ...(this.opts.limits && { limits: this.opts.limits }),
    });
    this.worlds.push(world);
    const server = await startServerProcess({
      config: world.file,
      dataDir: `${world.dir}/data`,
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
    });
    this.started.push(server);
    return server;
  }

  /** A plain SQL client on the cluster's schema, for checks the API does not expose. */
  async query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      await client.query(`set search_path to ${this.schema}`);
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  async dispose(): Promise<void> {
    await Promise.allSettled(this.started.map((s) => s.stop('SIGKILL')));
    for (const w of this.worlds) w.cleanup();
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      await client.query(`drop schema if exists ${this.schema} cascade`);
    } finally {
      await client.end();
    }
  }
}

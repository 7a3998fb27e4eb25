// `npm run cluster:local -- --once` as a newcomer runs it: two openccc processes on one Postgres
// schema and Redis behind the round-robin front door; one call through each, both end as their IVR
// ends them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { dropPostgresSchema, postgresUrl, whenPostgres } from '../storage/support/storage-targets.ts';
import { redisUnavailable, redisUrl } from '../support/redis-target.ts';

const redisProblem = await redisUnavailable();
const skip = redisProblem && process.env.OPENCCC_REQUIRE_SERVICES !== '1' ? redisProblem : false;

await whenPostgres('npm run cluster:local', () => {
  test(
    'cluster:local --once: two servers behind the front door, one call through each, two CDRs of EndStatus 107',
    { skip, timeout: 120_000 },
    async (t) => {
      assert.ok(!redisProblem, redisProblem);
      const dir = mkdtempSync(join(tmpdir(), 'openccc-cluster-local-'));
      const schema = `openccc_cluster_local_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
      t.after(async () => {
        rmSync(dir, { recursive: true, force: true });
        await dropPostgresSchema(schema);
      });
      const args = ['--import', 'tsx', 'scripts/cluster-local.ts', '--once', '--free-ports', '--fresh'];
      args.push('--schema', schema, '--data-dir', dir, '--postgres', postgresUrl, '--redis', redisUrl);
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      assert.equal(code, 0, out);
      assert.match(out, /openccc cluster: 2 servers behind http:\/\/127\.0\.0\.1:\d+/);
      assert.equal([...out.matchAll(/^CDR [0-9a-f]{32}: EndStatus 107 \(ivrEnd\)$/gm)].length, 2, out);
    },
  );
});

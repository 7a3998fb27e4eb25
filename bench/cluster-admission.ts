// What cluster-wide admission costs: CreateIVRSession/s through the use case (no HTTP) on one
// server with its in-process lock, then on two servers sharing one Postgres schema with the
// cluster lock (advisory locks under each server's mutex), the same calls split over the two.
// A per-callee and a per-caller rule count, so every call takes the lock; callees are distinct,
// so none is refused. Printed side by side with the ratio two/one.
//   node --import tsx bench/cluster-admission.ts   (BENCH_CALLS=N, default 3000; BENCH_CONCURRENCY=N per server, default 8;
//                                                   BENCH_LOCK_POOL=N lock connections per server, default 8 as in production;
//                                                   BENCH_PG_URL or OPENCCC_TEST_PG_URL for Postgres)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { loadConfigFile } from '../src/app/config/load.ts';
import { openRuntime, type Runtime } from '../src/app/runtime/open-runtime.ts';
import { createIvrSession } from '../src/app/use-cases/create-ivr-session.ts';
import { silentLogger } from '../src/shared/logger.ts';
import { ignoreSessions } from '../src/app/call/session-observer.ts';
import { BENCH_APP, BENCH_ID, writeBenchWorld } from './support/server-process.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const PG_URL =
  process.env.BENCH_PG_URL ?? process.env.OPENCCC_TEST_PG_URL ?? `postgres://${process.env.PGUSER ?? 'postgres'}@127.0.0.1:5432/test`;
const NUMBERS = 200;
const LOCK_POOL = Number(process.env.BENCH_LOCK_POOL ?? 8);

const REDIS_URL = process.env.OPENCCC_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** One world file per server: `cluster:` (with its node id, and Redis, which it needs) turns cluster mode on. */
function writeWorld(dir: string, schema: string, nodeId: string | undefined): string {
  return writeBenchWorld(dir, {
    name: `world-${nodeId ?? 'single'}.yaml`,
    flowPath: resolve(import.meta.dirname, '../test/fixtures/flows/quick-menu.yaml'),
    ivrName: 'Quick',
    defaultOutcome: '{ kind: busy }',
    numbers: NUMBERS,
    appYaml: `outboundRules:
  calleeInterval: { maxCalls: 3, windowSeconds: 300 }
  callerFrequency: { maxCalls: 1000000, windowSeconds: 60 }`,
    storage: `{ postgres: ${JSON.stringify(PG_URL)}, schema: ${schema} }`,
    ...(nodeId && { extraYaml: `redis: { url: ${JSON.stringify(REDIS_URL)} }\ncluster: { nodeId: ${nodeId} }` }),
  });
}

async function open(file: string): Promise<Runtime> {
  return openRuntime({
    loaded: loadConfigFile(file),
    logger: silentLogger,
    observer: ignoreSessions,
    cluster: { lockPoolSize: LOCK_POOL },
  });
}

/** Runs the calls over these runtimes, CONCURRENCY workers each; admissions/s. */
async function drive(runtimes: Runtime[], callees: string[]): Promise<{ rate: number; refused: number }> {
  let next = 0;
  let refused = 0;
  const worker = async (r: Runtime) => {
    while (next < callees.length) {
      const callee = callees[next++]!;
      try {
        await createIvrSession(r.app, { secretId: BENCH_ID, requestId: randomUUID(), sdkAppId: BENCH_APP, callee, ivrId: 4500 });
      } catch {
        refused++;
      }
    }
  };
  const started = performance.now();
  await Promise.all(runtimes.flatMap((r) => Array.from({ length: CONCURRENCY }, () => worker(r))));
  return { rate: callees.length / ((performance.now() - started) / 1000), refused };
}

async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`drop schema if exists ${schema} cascade`);
  await c.end();
}

async function measure(label: string, nodes: (string | undefined)[], callees: string[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'openccc-bench-cluster-'));
  const schema = `openccc_bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const runtimes: Runtime[] = [];
  try {
    for (const node of nodes) runtimes.push(await open(writeWorld(dir, schema, node)));
    await drive(
      runtimes,
      callees.slice(0, 200).map((c) => c.replace('+86', '+85')),
    ); // warm up, other callees
    const { rate, refused } = await drive(runtimes, callees);
    console.log(
      `${label.padEnd(46)} ${rate.toFixed(0).padStart(6)} admissions/s  (${callees.length} calls, ${CONCURRENCY * nodes.length} at once, ${refused} refused)`,
    );
    return rate;
  } finally {
    for (const r of runtimes) await r.close();
    await dropSchema(schema);
    rmSync(dir, { recursive: true, force: true });
  }
}

const probe = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
try {
  await probe.connect();
  await probe.end();
} catch {
  console.log(`Postgres at ${PG_URL} does not answer: skipped`);
  process.exit(0);
}
const callees = Array.from({ length: CALLS }, (_, i) => `+86139${String(i).padStart(8, '0')}`);
console.log(
  `openccc cluster admission benchmark: CreateIVRSession use case on Postgres, simulated carrier (busy), ${LOCK_POOL} lock connections per server`,
);
const one = await measure('one server, in-process lock', [undefined], callees);
const oneLocked = await measure('one server, cluster lock', ['a'], callees);
const two = await measure('two servers, cluster lock (one process)', ['a', 'b'], callees);
console.log(`ratio two servers (cluster lock) / one server (in-process lock): ${(two / one).toFixed(2)}`);
console.log(`ratio one server cluster lock / in-process lock:                 ${(oneLocked / one).toFixed(2)}`);

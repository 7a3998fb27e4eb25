// Admission cost of the outbound rules: CreateIVRSession through the use case (no HTTP) with no
// rules, then with every rule of the TCCC preset on (blacklist, province blind areas through the
// geocoder, work time, both callee caps, one channel per caller number), on SQLite and, when it
// answers, Postgres. Prints admissions/s of each and the ratio preset / none (issue 15 asks >= 0.5).
//   node --import tsx bench/admission.ts   (BENCH_CALLS=N, default 3000; BENCH_CONCURRENCY=N, default 8;
//                                           BENCH_PG_URL or OPENCCC_TEST_PG_URL for Postgres)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { loadConfigFile } from '../src/app/config/load.ts';
import { openRuntime } from '../src/app/runtime/open-runtime.ts';
import { createIvrSession } from '../src/app/use-cases/create-ivr-session.ts';
import { CalleeAreaResolver } from '../src/app/geo/callee-area-resolver.ts';
import { silentLogger } from '../src/shared/logger.ts';
import { ignoreSessions } from '../src/app/call/session-observer.ts';
import { BENCH_APP, BENCH_ID, writeBenchWorld } from './support/server-process.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const PG_URL =
  process.env.BENCH_PG_URL ?? process.env.OPENCCC_TEST_PG_URL ?? `postgres://${process.env.PGUSER ?? 'postgres'}@127.0.0.1:5432/test`;
// One channel per caller number: enough numbers that each has hung up (busy, at once) before its turn comes again.
const NUMBERS = 400;

// The preset with its work time widened to the whole day: the rule still runs, but the bench can run at any hour.
const PRESET = `preset: tccc
  workTime: { timeZone: Asia/Shanghai, windows: [{ days: [sun, mon, tue, wed, thu, fri, sat], from: "00:00", to: "24:00" }] }`;

/** `storage`: a `storage:` value, or '' for SQLite in the data directory. */
function writeWorld(dir: string, rules: string | undefined, storage: string): string {
  return writeBenchWorld(dir, {
    flowPath: resolve(import.meta.dirname, '../test/fixtures/flows/quick-menu.yaml'),
    ivrName: 'Quick',
    defaultOutcome: '{ kind: busy }',
    numbers: NUMBERS,
    appYaml: `blacklist: ["008613666666666"]${rules ? `\noutboundRules:\n  ${rules}` : ''}`,
    ...(storage && { storage }),
  });
}

/** Distinct Chinese mobile callees outside Xinjiang and Tibet, so every rule runs and every call is admitted. */
async function callees(n: number): Promise<string[]> {
  const areas = new CalleeAreaResolver();
  const out = new Set<string>();
  for (const national of fc.sample(fc.stringMatching(/^1[3-9][0-9]{9}$/), { numRuns: n * 2, seed: 15 })) {
    const area = await areas.resolve(`+86${national}`);
    if (area && area.subdivision !== 'CN-XJ' && area.subdivision !== 'CN-XZ') out.add(`+86${national}`);
    if (out.size === n) break;
  }
  return [...out];
}

async function run(label: string, rules: string | undefined, storage: string, numbers: string[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'openccc-bench-admission-'));
  const runtime = await openRuntime({
    loaded: loadConfigFile(writeWorld(dir, rules, storage)),
    logger: silentLogger,
    observer: ignoreSessions,
  });
  try {
    let next = 0;
    let refused = 0;
    const worker = async (upTo: number) => {
      while (next < upTo) {
        const i = next++;
        try {
          await createIvrSession(runtime.app, {
            secretId: BENCH_ID,
            requestId: randomUUID(),
            sdkAppId: BENCH_APP,
            callee: numbers[i]!,
            ivrId: 4500,
          });
        } catch {
          refused++;
        }
      }
    };
    const warm = Math.min(300, Math.floor(numbers.length / 10));
    await Promise.all(Array.from({ length: CONCURRENCY }, () => worker(warm)));
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, () => worker(numbers.length)));
    const seconds = (performance.now() - started) / 1000;
    const rate = (numbers.length - warm) / seconds;
    console.log(
      `${label.padEnd(28)} ${rate.toFixed(0).padStart(6)} admissions/s  (${numbers.length - warm} calls, ${CONCURRENCY} at once, ${refused} refused)`,
    );
    if (refused > 0) console.log(`${''.padEnd(28)} WARNING: refusals; the comparison is not like for like`);
    return rate;
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresSchema(): Promise<{ yaml: string; drop: () => Promise<void> } | undefined> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch {
    return undefined;
  }
  await client.end();
  const schema = `openccc_bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  return {
    yaml: `{ postgres: ${JSON.stringify(PG_URL)}, schema: ${schema} }`,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

const numbers = await callees(CALLS);
console.log(`openccc admission benchmark: CreateIVRSession use case, simulated carrier (busy), ${NUMBERS} caller numbers`);
const sqliteNone = await run('SQLite, no rules', undefined, '', numbers);
const sqlitePreset = await run('SQLite, preset tccc', PRESET, '', numbers);
console.log(`SQLite ratio preset/none: ${(sqlitePreset / sqliteNone).toFixed(2)}`);
const pgNone = await postgresSchema();
if (!pgNone) {
  console.log(`Postgres at ${PG_URL} does not answer: skipped`);
} else {
  const pgPreset = (await postgresSchema())!;
  try {
    const none = await run('Postgres, no rules', undefined, pgNone.yaml, numbers);
    const preset = await run('Postgres, preset tccc', PRESET, pgPreset.yaml, numbers);
    console.log(`Postgres ratio preset/none: ${(preset / none).toFixed(2)}`);
  } finally {
    await pgNone.drop();
    await pgPreset.drop();
  }
}

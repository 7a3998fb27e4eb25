// The write path, measured (issue 17 item 7): signed CreateIVRSession against the bare ceiling, on
// SQLite and Postgres, webhooks off and on, side by side in one run. Each server runs in its own
// process; autocannon drives each the same way (connections, duration). Prints requests/s, p50/p99,
// the answers the server itself counted, and the ratios the issue sets targets for.
//   node --import tsx bench/write-path.ts   (BENCH_SECONDS=8, BENCH_CONNECTIONS=8, BENCH_WARMUP=1;
//   BENCH_PHASES=a,b,... runs only those; BENCH_PROFILE=DIR writes a CPU profile of each server)
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { dropPostgresSchema, postgresUnavailable, postgresUrl } from '../test/storage/support/storage-targets.ts';
import {
  BENCH_APP,
  signedHeaders,
  startBenchProcess,
  startServerProcess,
  writeBenchWorld,
  type ServerProcess,
} from './support/server-process.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const ONLY = process.env.BENCH_PHASES?.split(',');
const TARGETS = { sqliteWebhooksVsCeiling: 0.3, postgresVsSqlite: 0.6 };

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
}

/** Answers by code for one action, and the server's CPU seconds so far, from its /metrics: its own count of successes. */
async function answersByCode(port: number, action: string): Promise<{ codes: Map<string, number>; cpuSeconds: number }> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const codes = new Map<string, number>();
  for (const m of text.matchAll(/^openccc_api_requests_total\{action="([^"]+)",code="([^"]+)"\} (\d+)/gm)) {
    if (m[1] === action) codes.set(m[2]!, Number(m[3]));
  }
  const cpu = /^openccc_process_cpu_seconds_total ([\d.e+-]+)/m.exec(text);
  return { codes, cpuSeconds: cpu ? Number(cpu[1]) : NaN };
}

function load(port: number, seconds: number, request: () => { headers: Record<string, string>; body: string }) {
  return autocannon({
    url: `http://127.0.0.1:${port}/`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, ...request() }) }],
  });
}

let callee = 0;
/** A CreateIVRSession with a body never sent before, so the replay guard never answers from its cache. */
function createRequest(port: number, action: string) {
  const n = callee++;
  const body =
    action === 'CreateIVRSession'
      ? JSON.stringify({ SdkAppId: BENCH_APP, Callee: `+86138${String(n % 100000000).padStart(8, '0')}`, IVRId: 4500, UUI: `bench-${n}` })
      : JSON.stringify({ Nonce: n });
  return { headers: signedHeaders(port, action, body), body };
}

async function measure(title: string, port: number, action: string): Promise<Figures> {
  if (WARMUP > 0) await load(port, WARMUP, () => createRequest(port, action));
  const before = await answersByCode(port, action);
  const r = await load(port, SECONDS, () => createRequest(port, action));
  const after = await answersByCode(port, action);
  const answers = [...after.codes].map(([code, count]) => [code, count - (before.codes.get(code) ?? 0)] as const).filter(([, d]) => d > 0);
  const ok = answers.find(([c]) => c === 'ok')?.[1] ?? 0;
  const rps = ok / SECONDS;
  // Server CPU over the phase per answer: what a request costs, whatever the load generator had (it includes the
  // work of earlier calls still running, and with webhooks their deliveries).
  const cpuPerOk = ok > 0 ? ((after.cpuSeconds - before.cpuSeconds) * 1e6) / ok : NaN;
  console.log(
    `${title.padEnd(28)} ${rps.toFixed(0).padStart(6)} ok/s   p50 ${String(r.latency.p50).padStart(3)} ms   p99 ${String(r.latency.p99).padStart(3)} ms   ` +
      `server CPU ${cpuPerOk.toFixed(0)} µs/answer   ` +
      `(${r.requests.total} requests, ${r.non2xx + r.errors} HTTP errors; answers: ${answers.map(([c, d]) => `${c} ${d}`).join(', ')})`,
  );
  if (answers.some(([c]) => c !== 'ok')) console.log(`${''.padEnd(28)} WARNING: some answers were errors`);
  return { rps, p50: r.latency.p50, p99: r.latency.p99, ok };
}

/** Waits for the calls a phase placed to end, so the next phase's server has the machine to itself. */
async function drained(port: number): Promise<void> {
  for (;;) {
    const { activeCalls } = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { activeCalls: number };
    if (activeCalls === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function received(receiver: ServerProcess): Promise<number> {
  return ((await (await fetch(`http://127.0.0.1:${receiver.port}/count`)).json()) as { got: number }).got;
}

async function withServer<T>(server: ServerProcess, title: string, run: (s: ServerProcess) => Promise<T>): Promise<T> {
  if (process.env.BENCH_PROFILE) console.log(`${''.padEnd(28)} (${title}: server pid ${server.child.pid})`);
  try {
    return await run(server);
  } finally {
    await server.stop();
  }
}

const wanted = (phase: string) => !ONLY || ONLY.includes(phase);
const dir = mkdtempSync(join(tmpdir(), 'openccc-bench-write-'));
const receiver = await startBenchProcess('webhook-receiver.ts', [], { profile: false });
const hook = `[{ url: "http://127.0.0.1:${receiver.port}/hook", secret: "bench-webhook-secret-0001" }]`;
const flowPath = resolve(import.meta.dirname, '../test/fixtures/flows/quick-menu.yaml');
const world = (name: string, storage?: string, webhooks?: string) =>
  writeBenchWorld(dir, {
    name,
    flowPath,
    ivrName: 'Quick',
    defaultOutcome: '{ kind: answer, ringSeconds: 1, digits: "1", hangupAfterSeconds: 30 }',
    storage,
    webhooks,
  });

/** One CreateIVRSession phase: a fresh server on `storage`, measured, its calls left to finish. */
async function createPhase(key: string, title: string, storage: string | undefined, webhooks: string | undefined) {
  if (!wanted(key)) return undefined;
  return withServer(await startServerProcess(world(key, storage, webhooks)), title, async (s) => {
    const got0 = await received(receiver);
    const f = await measure(title, s.port, 'CreateIVRSession');
    await drained(s.port);
    if (webhooks) console.log(`${''.padEnd(28)} webhook deliveries received so far: ${(await received(receiver)) - got0}`);
    return f;
  });
}

const fig: Record<string, Figures | undefined> = {};
try {
  const load1 = (await import('node:os')).loadavg().map((l) => l.toFixed(2));
  console.log(
    `openccc write path: ${CONNECTIONS} connections, ${SECONDS} s per phase (+${WARMUP} s warm-up), load average ${load1.join(' ')}`,
  );
  if (wanted('a'))
    fig.a = await withServer(await startBenchProcess('ceiling-server.ts'), '(a) ceiling', (s) =>
      measure('(a) ceiling: Fastify + TC3', s.port, 'Ceiling'),
    );
  fig.b = await createPhase('b', '(b) SQLite', undefined, undefined);
  fig.c = await createPhase('c', '(c) SQLite + webhook', undefined, hook);
  const pgDown = await postgresUnavailable();
  if (pgDown && (wanted('d') || wanted('e'))) console.log(`Postgres phases skipped: ${pgDown}`);
  else {
    for (const [key, title, webhooks] of [
      ['d', '(d) Postgres', undefined],
      ['e', '(e) Postgres + webhook', hook],
    ] as const) {
      const schema = `openccc_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
      try {
        fig[key] = await createPhase(key, title, `{ postgres: ${JSON.stringify(postgresUrl)}, schema: ${schema} }`, webhooks);
      } finally {
        await dropPostgresSchema(schema);
      }
    }
  }
  const ratio = (name: string, x: string, y: string, target?: number) => {
    const a = fig[x];
    const b = fig[y];
    if (!a || !b) return;
    const r = a.rps / b.rps;
    const verdict = target === undefined ? '' : `   (target ≥ ${target}: ${r >= target ? 'met' : 'NOT met'})`;
    console.log(`${name.padEnd(40)} ${r.toFixed(2)}×${verdict}`);
  };
  console.log('ratios');
  ratio('(b)/(a) SQLite / ceiling', 'b', 'a');
  ratio('(c)/(a) SQLite + webhook / ceiling', 'c', 'a', TARGETS.sqliteWebhooksVsCeiling);
  ratio('(d)/(b) Postgres / SQLite', 'd', 'b');
  ratio('(e)/(c) Postgres + webhook / SQLite + webhook', 'e', 'c', TARGETS.postgresVsSqlite);
} finally {
  await receiver.stop();
  rmSync(dir, { recursive: true, force: true });
}

// Shutdown benchmark: fills a server (own process, SQLite, simulated carrier) with BENCH_CALLS live
// calls sitting in a long IVR menu, sends SIGTERM and times until the process exits. Then reads the
// database to check that every session was closed with a CDR. Target: under 5 s for 20,000 calls.
//   node --import tsx bench/shutdown.ts        (BENCH_CALLS=N, default 20000; BENCH_CONNECTIONS=N, default 64)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { BENCH_APP, signedHeaders, startServerProcess, writeBenchWorld } from './support/server-process.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? 20_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);

/** A world whose callees answer and never press a key, into a menu that waits 11 × 600 s before giving up. */
function writeWorld(dir: string): string {
  const flow = join(dir, 'long-menu.yaml');
  writeFileSync(
    flow,
    `
name: Long menu
start: menu
nodes:
  menu:
    type: menu
    prompt: { text: "Press 1" }
    options: { "1": bye }
    timeoutSeconds: 600
    retries: 10
    onFailure: bye
  bye:
    type: hangup
`,
  );
  return writeBenchWorld(dir, { flowPath: flow, ivrName: 'Long', defaultOutcome: '{ kind: answer, ringSeconds: 0 }' });
}

/** Creates `CALLS` sessions, CONNECTIONS requests in flight at a time; returns how many were admitted. */
async function createCalls(port: number): Promise<number> {
  let next = 0;
  let admitted = 0;
  const errors = new Map<string, number>();
  const worker = async () => {
    while (next < CALLS) {
      const n = next++;
      const body = JSON.stringify({
        SdkAppId: BENCH_APP,
        Callee: `+86138${String(n).padStart(8, '0')}`,
        IVRId: 4500,
        UUI: `shutdown-${n}`,
      });
      const headers = signedHeaders(port, 'CreateIVRSession', body);
      const res = (await (await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers, body })).json()) as {
        Response: { SessionId?: string; Error?: { Code: string } };
      };
      if (res.Response.SessionId) admitted++;
      else errors.set(res.Response.Error?.Code ?? '?', (errors.get(res.Response.Error?.Code ?? '?') ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  if (errors.size) console.log(`WARNING: refused: ${[...errors].map(([c, k]) => `${c} ${k}`).join(', ')}`);
  return admitted;
}

async function waitForActiveCalls(port: number, want: number): Promise<number> {
  for (let tries = 0; ; tries++) {
    const { activeCalls } = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { activeCalls: number };
    if (activeCalls >= want || tries >= 600) return activeCalls;
    await sleep(100);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'openccc-bench-shutdown-'));
try {
  const { port, child } = await startServerProcess(writeWorld(dir));
  console.log(`openccc shutdown benchmark: ${CALLS} live calls, SQLite, simulated carrier, ${CONNECTIONS} connections`);
  const t0 = performance.now();
  const created = await createCalls(port);
  const createSeconds = (performance.now() - t0) / 1000;
  console.log(`calls created     ${created} in ${createSeconds.toFixed(1)} s (${(created / createSeconds).toFixed(0)} /s)`);
  const active = await waitForActiveCalls(port, created);
  console.log(`active calls      ${active}`);
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  const t1 = performance.now();
  child.kill('SIGTERM');
  const code = await exited;
  const shutdownSeconds = (performance.now() - t1) / 1000;
  console.log(
    `shutdown          ${shutdownSeconds.toFixed(2)} s (exit code ${code})${shutdownSeconds < 5 ? '' : '   OVER the 5 s target'}`,
  );
  const db = new BetterSqlite3(join(dir, 'data', 'openccc.db'), { readonly: true });
  const count = (sql: string) => (db.prepare(sql).pluck().get() as number) ?? 0;
  const sessions = count('select count(*) from sessions');
  const cdrs = count('select count(*) from cdrs');
  const unfinished = count("select count(*) from sessions where status <> 'finished'");
  db.close();
  console.log(`CDRs written      ${cdrs} (sessions ${sessions}, unfinished ${unfinished})`);
  const ok = created === CALLS && active === CALLS && sessions === CALLS && cdrs === CALLS && unfinished === 0 && code === 0;
  if (!ok) {
    console.log('FAILED: expected every call created, live, and closed with a CDR');
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

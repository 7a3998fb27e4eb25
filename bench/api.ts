// API benchmark: signed CreateIVRSession and DescribeTelCdr requests against a live server on
// SQLite over loopback, server in its own process. Prints requests/s and p50/p99 latency.
//   npm run bench            (10 s per phase; BENCH_SECONDS=N and BENCH_CONNECTIONS=N to change)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { BENCH_APP, signedHeaders, startServerProcess, writeBenchWorld } from './support/server-process.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);

function writeWorld(dir: string): string {
  const flowPath = resolve(import.meta.dirname, '../test/fixtures/flows/quick-menu.yaml');
  return writeBenchWorld(dir, {
    flowPath,
    ivrName: 'Quick',
    defaultOutcome: '{ kind: answer, ringSeconds: 1, digits: "1", hangupAfterSeconds: 30 }',
  });
}

/** Answers by code for one action, read from the server's /metrics: the API's own count of successes. */
async function answersByCode(port: number, action: string): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const out = new Map<string, number>();
  for (const m of text.matchAll(/^openccc_api_requests_total\{action="([^"]+)",code="([^"]+)"\} (\d+)/gm)) {
    if (m[1] === action) out.set(m[2]!, Number(m[3]));
  }
  return out;
}

async function phase(title: string, action: string, port: number, request: () => { headers: Record<string, string>; body: string }) {
  const before = await answersByCode(port, action);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/`,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, ...request() }) }],
  });
  const errors = result.non2xx + result.errors;
  console.log(
    `${title.padEnd(20)} ${result.requests.average.toFixed(0).padStart(7)} req/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   ` +
      `(${result.requests.total} requests, ${CONNECTIONS} connections, ${SECONDS} s, ${errors} HTTP errors)`,
  );
  const after = await answersByCode(port, action);
  const answers = [...after].map(([code, count]) => [code, count - (before.get(code) ?? 0)] as const).filter(([, d]) => d > 0);
  console.log(`${''.padEnd(20)} answers: ${answers.map(([c, d]) => `${c} ${d}`).join(', ')}`);
  if (answers.some(([c]) => c !== 'ok')) console.log(`${''.padEnd(20)} WARNING: some answers were errors`);
  return result;
}

const dir = mkdtempSync(join(tmpdir(), 'openccc-bench-'));
const server = await startServerProcess(writeWorld(dir));
try {
  let n = 0;
  console.log(`openccc API benchmark: SQLite, simulated carrier, signed TC3 requests over loopback`);
  await phase('CreateIVRSession', 'CreateIVRSession', server.port, () => {
    // Each body is unique, so the replay guard never answers from its cache.
    const body = JSON.stringify({
      SdkAppId: BENCH_APP,
      Callee: `+86138${String(n++ % 100000000).padStart(8, '0')}`,
      IVRId: 4500,
      UUI: `bench-${n}`,
    });
    return { headers: signedHeaders(server.port, 'CreateIVRSession', body), body };
  });
  // Let the calls of the first phase finish, so the read phase measures reads alone.
  for (let active = -1; active !== 0;) {
    active = ((await (await fetch(`http://127.0.0.1:${server.port}/healthz`)).json()) as { activeCalls: number }).activeCalls;
    if (active) await new Promise((r) => setTimeout(r, 500));
  }
  const now = Math.floor(Date.now() / 1000);
  const readBody = JSON.stringify({
    SdkAppId: BENCH_APP,
    StartTimeStamp: now - 3600,
    EndTimeStamp: now + 3600,
    PageSize: 20,
    PageNumber: 0,
  });
  const readHeaders = signedHeaders(server.port, 'DescribeTelCdr', readBody);
  // Check once that the read answers with data, so the figure is not for error replies.
  const probe = (await (
    await fetch(`http://127.0.0.1:${server.port}/`, { method: 'POST', headers: readHeaders, body: readBody })
  ).json()) as { Response: { TotalCount?: number; Error?: unknown } };
  if (probe.Response.Error) console.log(`WARNING: DescribeTelCdr answers ${JSON.stringify(probe.Response.Error)}`);
  console.log(`(DescribeTelCdr sees ${probe.Response.TotalCount ?? 0} CDRs)`);
  await phase('DescribeTelCdr', 'DescribeTelCdr', server.port, () => ({ headers: readHeaders, body: readBody }));
  // The same reads with a different time range each time: no cached answer can serve them.
  let shift = 0;
  await phase('DescribeTelCdr cold', 'DescribeTelCdr', server.port, () => {
    const body = JSON.stringify({
      SdkAppId: BENCH_APP,
      StartTimeStamp: now - 3600 - (shift++ % 3000),
      EndTimeStamp: now + 3600,
      PageSize: 20,
      PageNumber: 0,
    });
    return { headers: signedHeaders(server.port, 'DescribeTelCdr', body), body };
  });
  const firstId = (
    (await (await fetch(`http://127.0.0.1:${server.port}/`, { method: 'POST', headers: readHeaders, body: readBody })).json()) as {
      Response: { TelCdrList: { SessionId: string }[] };
    }
  ).Response.TelCdrList[0]!.SessionId;
  const sessionBody = JSON.stringify({ SdkAppId: BENCH_APP, SessionId: firstId });
  const sessionHeaders = signedHeaders(server.port, 'DescribeTelSession', sessionBody);
  await phase('DescribeTelSession', 'DescribeTelSession', server.port, () => ({ headers: sessionHeaders, body: sessionBody }));
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

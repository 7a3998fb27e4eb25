import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import tencentcloud from 'tencentcloud-sdk-nodejs';
import { loadConfigFile } from '../../src/app/config/load.ts';
import { CARRIER_METRIC_NAMES } from '../../src/app/observability/carrier-metrics.ts';
import { startServer } from '../../src/cli/start-server.ts';
import { errorCodeOf, sleep, startLiveWorld, type CccClient, type LiveWorld } from './support/live-server.ts';
import { scrape, type Scrape } from './support/scrape.ts';
import { APP, BLACKLISTED, IVR, SECRET_ID, SECRET_KEY, writeTestWorld, type WorldOptions } from './support/test-world.ts';
import { postgresUrl, whenPostgres } from '../storage/support/storage-targets.ts';

const RINGS_30_S = '008613900000009';
const BUSY = '008613900000001';

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Waits for a scrape where `ok` holds: the app's figures follow CDR writes, which lag the API answer a little. */
const scrapeUntil = (url: string, what: string, ok: (s: Scrape) => boolean) =>
  until(what, async () => {
    const s = await scrape(url);
    return ok(s) ? s : undefined;
  });

async function statusOf(client: CccClient, sessionId: string): Promise<string | undefined> {
  return (await client.DescribeTelSession({ SdkAppId: APP, SessionId: sessionId })).Session?.SessionStatus;
}

const ended = (s: Scrape, status: string) => s.value('openccc_calls_ended_total', { end_status: status }) ?? 0;
const requests = (s: Scrape, action: string, code: string) => s.value('openccc_api_requests_total', { action, code }) ?? 0;

describe('/metrics of a live server moves with the calls the official SDK places', () => {
  let w: LiveWorld;
  before(async () => {
    w = await startLiveWorld();
  });
  after(async () => {
    await w.stop();
  });

  test('requests by action and code, latency, live sessions by state, calls ended by EndStatus', async () => {
    const before = await scrape(w.server.url);
    assert.equal(requests(before, 'CreateIVRSession', 'ok'), 0);
    assert.equal(before.value('openccc_live_sessions', { state: 'ringing' }), 0);

    const answered = await w.client.CreateIVRSession({ Callee: '008612300000000', SdkAppId: APP, IVRId: IVR });
    const busy = await w.client.CreateIVRSession({ Callee: BUSY, SdkAppId: APP, IVRId: IVR });
    const ringing = await w.client.CreateIVRSession({ Callee: RINGS_30_S, SdkAppId: APP, IVRId: IVR });
    const wrongKey = w.clientFor(SECRET_ID, 'not-the-secret-key-0000000000000');
    assert.equal(await errorCodeOf(wrongKey.DescribeNumbers({ SdkAppId: APP })), 'AuthFailure.SignatureFailure');
    await until('the ringing call to ring', async () => ((await statusOf(w.client, ringing.SessionId!)) === 'ringing' ? true : undefined));

    const during = await scrapeUntil(w.server.url, 'the answered and busy CDRs', (s) => ended(s, 'ivrEnd') === 1 && ended(s, 'busy') === 1);
    assert.equal(requests(during, 'CreateIVRSession', 'ok'), 3);
    assert.equal(requests(during, 'DescribeNumbers', 'AuthFailure.SignatureFailure'), 1);
    assert.ok(requests(during, 'DescribeTelSession', 'ok') >= 1);
    assert.equal(during.value('openccc_api_request_duration_seconds_count', { action: 'CreateIVRSession' }), 3);
    assert.equal(during.value('openccc_api_request_duration_seconds_bucket', { action: 'CreateIVRSession', le: '+Inf' }), 3);
    assert.ok((during.value('openccc_api_request_duration_seconds_sum', { action: 'CreateIVRSession' }) ?? 0) > 0);
    assert.deepEqual(
      ['dialing', 'ringing', 'inProgress'].map((state) => during.value('openccc_live_sessions', { state })),
      [0, 1, 0],
    );
    assert.ok(answered.SessionId && busy.SessionId);

    await w.client.HangUpCall({ SdkAppId: APP, SessionId: ringing.SessionId! });
    const total = (s: Scrape) => [...s.text.matchAll(/^openccc_calls_ended_total\{[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
    const afterHangup = await scrapeUntil(w.server.url, 'the hung-up CDR', (s) => total(s) === 3);
    assert.equal(afterHangup.value('openccc_live_sessions', { state: 'ringing' }), 0);
    assert.equal(requests(afterHangup, 'HangUpCall', 'ok'), 1);
    // Scrapes do not count anything twice: the CDR figures stay put.
    assert.equal(total(await scrape(w.server.url)), 3);
  });

  test('the health routes and /metrics are plain HTTP beside the API on /, and the API envelope does not swallow them', async () => {
    const metrics = await fetch(`${w.server.url}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain/);
    assert.doesNotMatch(await metrics.text(), /"Response"/);
    const health = await fetch(`${w.server.url}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, 'ok');
    const ready = await fetch(`${w.server.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), {
      status: 'ready',
      checks: { storage: { ok: true }, migrations: { ok: true }, carrier: { ok: true }, accepting: { ok: true } },
    });
    // Another method on those paths is not routed to the API either.
    assert.equal((await fetch(`${w.server.url}/readyz`, { method: 'POST' })).status, 404);
    // ...and the API on / still answers its envelope.
    const api = (await (await fetch(`${w.server.url}/`, { method: 'POST', body: '{}' })).json()) as {
      Response: { Error?: { Code: string } };
    };
    assert.equal(api.Response.Error?.Code, 'AuthFailure.InvalidAuthorization');
  });
});

describe('metric registries', () => {
  test('two servers in one process each keep their own figures', async () => {
    const [a, b] = [await startLiveWorld(), await startLiveWorld()];
    try {
      await a.client.DescribeNumbers({ SdkAppId: APP });
      await a.client.DescribeNumbers({ SdkAppId: APP });
      await b.client.DescribeNumbers({ SdkAppId: APP });
      assert.equal(requests(await scrape(a.server.url), 'DescribeNumbers', 'ok'), 2);
      assert.equal(requests(await scrape(b.server.url), 'DescribeNumbers', 'ok'), 1);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  test('docs/metrics.md names exactly the metrics the server exposes, with their types', async () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/metrics.md'), 'utf8');
    const documented = new Map<string, string>();
    for (const m of doc.matchAll(/^\| `(openccc_[a-z_]+)` +\| (\w+) +\|/gm)) documented.set(m[1]!, m[2]!);
    const w = await startLiveWorld();
    try {
      const s = await scrape(w.server.url);
      // prom-client's process and Node.js metrics are documented by their prefixes.
      const ours = [...s.types].filter(([name]) => !/^openccc_(process|nodejs)_/.test(name));
      assert.ok(ours.length >= 4);
      assert.ok([...s.types.keys()].some((n) => n.startsWith('openccc_process_')) && doc.includes('`openccc_process_*`'));
      assert.ok([...s.types.keys()].some((n) => n.startsWith('openccc_nodejs_')) && doc.includes('`openccc_nodejs_*`'));
      // The sim carrier counts no SIP or RTP: those appear only with the sip carrier (checked in test/telephony/sip/carrier/sip-carrier-stats.test.ts).
      assert.deepEqual(
        ours.filter(([name]) => CARRIER_METRIC_NAMES.includes(name)),
        [],
      );
      const exposed = new Map([...ours, ...CARRIER_METRIC_NAMES.map((n) => [n, n.endsWith('_total') ? 'counter' : 'gauge'] as const)]);
      assert.deepEqual(new Map([...documented].sort()), new Map([...exposed].sort()));
    } finally {
      await w.stop();
    }
  });
});

describe('/readyz answers 503 naming the check that failed', () => {
  const notReady = async (url: string) => {
    const res = await fetch(`${url}/readyz`);
    assert.equal(res.status, 503);
    return (await res.json()) as { status: string; checks: Record<string, { ok: boolean; reason?: string }> };
  };

  test('storage closed: storage fails (and migrations cannot be told)', async () => {
    const w = await startLiveWorld();
    try {
      await w.server.app.storage.close();
      const body = await notReady(w.server.url);
      assert.equal(body.status, 'notReady');
      assert.equal(body.checks.storage!.ok, false);
      assert.match(body.checks.storage!.reason!, /trivial read/);
      assert.equal(body.checks.migrations!.ok, false);
      assert.deepEqual(body.checks.carrier, { ok: true });
      // Liveness does no I/O: still alive.
      assert.equal((await fetch(`${w.server.url}/healthz`)).status, 200);
    } finally {
      await w.stop();
    }
  });

  test('draining, then closing: accepting fails from the first moment of close()', async () => {
    const w = await startLiveWorld();
    try {
      assert.equal((await fetch(`${w.server.url}/readyz`)).status, 200);
      w.server.app.readiness.drain();
      const body = await notReady(w.server.url);
      assert.deepEqual(body.checks.accepting, { ok: false, reason: 'the server is draining before shutdown' });
      assert.deepEqual(body.checks.storage, { ok: true });
    } finally {
      await w.stop();
    }
    const v = await startLiveWorld();
    const closing = v.server.close();
    const report = await v.server.app.readiness.check();
    await closing;
    assert.equal(report.ready, false);
    assert.equal(report.checks.accepting.ok, false);
    assert.equal((await v.server.app.readiness.check()).checks.storage.ok, false);
    await v.stop();
  });

  test('calls shutting down: accepting fails', async () => {
    const w = await startLiveWorld();
    try {
      await w.server.app.calls.shutdown();
      assert.deepEqual((await notReady(w.server.url)).checks.accepting, { ok: false, reason: 'the server is shutting down' });
    } finally {
      await w.stop();
    }
  });
});

/** A debug-level logger whose JSON lines the test reads. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: pino({ level: 'debug' }, sink) };
}

async function serverLogging(worldOptions: WorldOptions = {}) {
  const { lines, logger } = capturingLogger();
  const world = writeTestWorld(worldOptions);
  const server = await startServer({ loaded: loadConfigFile(world.file), listen: '127.0.0.1:0', logger });
  const client = new tencentcloud.ccc.v20200210.Client({
    credential: { secretId: SECRET_ID, secretKey: SECRET_KEY },
    region: 'ap-guangzhou',
    profile: { httpProfile: { endpoint: `127.0.0.1:${server.port}`, protocol: 'http://', reqTimeout: 10 } },
  });
  return { lines, server, client, world };
}

test('log lines carry requestId while serving a request and sessionId about a call', async () => {
  const { lines, server, client, world } = await serverLogging();
  try {
    const created = await client.CreateIVRSession({ Callee: '008612300000000', SdkAppId: APP, IVRId: IVR });
    await until('the call to end', async () => ((await statusOf(client, created.SessionId!)) === 'finished' ? true : undefined));
    const request = lines.find((l) => l.msg === 'api request' && l.requestId === created.RequestId);
    assert.ok(request, 'the CreateIVRSession request is logged with its RequestId');
    assert.equal(request.action, 'CreateIVRSession');
    assert.equal(request.code, 'ok');
    const aboutCall = lines.filter((l) => typeof l.event === 'string');
    assert.ok(aboutCall.length >= 3, `${aboutCall.length} lifecycle lines`);
    for (const l of aboutCall) assert.equal(l.sessionId, created.SessionId);
  } finally {
    await server.close();
    world.cleanup();
  }
});

await whenPostgres('a use case logging while serving a request (Postgres)', () => {
  test('a line a use case logs while serving a request carries the RequestId (a refusal whose CDR cannot be written)', async () => {
    const schema = `openccc_logs_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const { lines, server, client, world } = await serverLogging({
      storage: `storage: { postgres: ${JSON.stringify(postgresUrl)}, schema: ${schema} }`,
    });
    const pgc = new pg.Client({ connectionString: postgresUrl });
    await pgc.connect();
    try {
      // The refusal's events cannot be stored; the request itself (replay guard, rules) still runs.
      await pgc.query(`drop table ${schema}.session_events`);
      let requestId: string | undefined;
      try {
        await client.CreateIVRSession({ Callee: BLACKLISTED, SdkAppId: APP, IVRId: IVR });
      } catch (err) {
        requestId = (err as { requestId?: string }).requestId;
      }
      assert.ok(requestId, 'the refusal answers with its RequestId');
      const refusal = lines.find((l) => l.msg === 'could not record a refused attempt');
      assert.ok(refusal, `the failed refusal write is logged: ${JSON.stringify(lines.slice(-3))}`);
      assert.equal(refusal.requestId, requestId);
      assert.equal(typeof refusal.sessionId, 'string');
    } finally {
      await server.close();
      world.cleanup();
      await pgc.query(`drop schema if exists ${schema} cascade`);
      await pgc.end();
    }
  });
});

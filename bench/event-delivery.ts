// Event delivery benchmark: EVENTS_SESSIONS sessions × EVENTS_PER_SESSION webhook events in the
// outbox, delivered by one Dispatcher (signed POSTs over fetch, per-session order, claim → send →
// settle) to a receiver in a separate process on loopback. Prints events/s per storage, SQLite and,
// when it answers, Postgres. Target: ≥ 2,000 events/s.
//   node --import tsx bench/event-delivery.ts   (EVENTS_SESSIONS=2000, EVENTS_PER_SESSION=10, EVENTS_CONCURRENCY=64)
// Postgres statistics: ANALYZE after the fill by default; EVENTS_NO_ANALYZE=1 none at all;
// EVENTS_UPKEEP=1 none by hand, but the server's OutboxUpkeep runs from before the fill, as in a
// running server (it analyzes once the outbox has grown, at its next count, within 10 s).
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutboxMessage } from '../src/domain/outbox.ts';
import { Dispatcher } from '../src/events/dispatcher.ts';
import type { WebhookEndpoint } from '../src/events/endpoints.ts';
import { WebhookSender } from '../src/events/webhook-sender.ts';
import { SystemClock } from '../src/shared/clock.ts';
import { silentLogger } from '../src/shared/logger.ts';
import { openStorage } from '../src/storage/open-storage.ts';
import { OutboxUpkeep } from '../src/app/events/outbox-upkeep.ts';
import { OutboxMetrics } from '../src/app/observability/outbox-metrics.ts';
import type { StorageConfig } from '../src/storage/repositories.ts';
import pg from 'pg';
import { postgresTarget, postgresUrl, postgresUnavailable } from '../test/storage/support/storage-targets.ts';

const SESSIONS = Number(process.env.EVENTS_SESSIONS ?? 2000);
const PER_SESSION = Number(process.env.EVENTS_PER_SESSION ?? 10);
const CONCURRENCY = Number(process.env.EVENTS_CONCURRENCY ?? 64);
const TARGET = 2_000;

if (process.argv.includes('--receiver')) {
  // The receiver: answers every POST 200 at once and reports how many it got.
  let got = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      got++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  server.keepAliveTimeout = 60_000;
  // The bench gone (or killed): so is its receiver.
  process.on('disconnect', () => process.exit(0));
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  process.on('message', (m: { type: string }) => {
    if (m.type === 'count') process.send!({ got });
    if (m.type === 'stop') server.close(() => process.exit(0));
  });
} else {
  await main();
}

function messages(endpointId: string, now: number): OutboxMessage[] {
  const out: OutboxMessage[] = [];
  for (let s = 0; s < SESSIONS; s++) {
    const sessionId = `bench-${s.toString(16).padStart(8, '0')}-${now}`;
    for (let seq = 1; seq <= PER_SESSION; seq++) {
      const id = `${sessionId}-${seq}`;
      const body = {
        id,
        type: 'session.keyPressed',
        version: 1,
        sdkAppId: 1400000000,
        sessionId,
        seq,
        occurredAt: now,
        data: { key: '1', timestampMs: now },
      };
      out.push({
        id: `${id}>${endpointId}`,
        eventId: id,
        sessionId,
        seq,
        endpointId,
        kind: 'webhook',
        payload: JSON.stringify(body),
        createdAt: now,
      });
    }
  }
  return out;
}

async function run(name: string, config: StorageConfig, port: number, ask: () => Promise<number>): Promise<number> {
  const storage = await openStorage(config);
  try {
    const ep: WebhookEndpoint = {
      kind: 'webhook',
      id: `bench/${name}`,
      sdkAppId: 1400000000,
      url: `http://127.0.0.1:${port}/hook`,
      limits: { maxAttempts: 10, timeoutMs: 10_000, maxAgeMs: 86_400_000, concurrency: CONCURRENCY },
      secret: 'bench-secret-0123456789',
      events: undefined,
    };
    const upkeep =
      process.env.EVENTS_UPKEEP === '1'
        ? new OutboxUpkeep({
            outbox: storage.outbox,
            metrics: new OutboxMetrics(),
            clock: new SystemClock(),
            logger: silentLogger,
            retentionMs: 0,
          })
        : undefined;
    upkeep?.start();
    const all = messages(ep.id, Date.now());
    for (let i = 0; i < all.length; i += 500) await storage.outbox.insert(all.slice(i, i + 500));
    // A long-lived outbox has planner statistics; a table filled a moment ago has none yet, and
    // without them Postgres plans the claim's order check badly (see the report: ~200 events/s).
    if (config.kind === 'postgres' && process.env.EVENTS_NO_ANALYZE !== '1' && !upkeep) await analyze(config.schema);
    const before = await ask();
    const clock = new SystemClock();
    let delivered = 0;
    let failed = 0;
    const sender = new WebhookSender(clock);
    const d = new Dispatcher({
      outbox: storage.outbox,
      endpoints: [ep],
      sender,
      clock,
      logger: silentLogger,
      batch: CONCURRENCY,
    });
    const done = new Promise<void>((resolve) =>
      d.on('settled', (_e, o) => {
        if (o.kind === 'delivered') delivered++;
        else failed++;
        if (delivered === all.length) resolve();
      }),
    );
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    d.start();
    await done;
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    await d.close();
    sender.close();
    await upkeep?.close();
    const received = (await ask()) - before;
    const rate = (all.length / ms) * 1000;
    console.log(
      `${name.padEnd(8)} ${all.length} events (${SESSIONS} sessions × ${PER_SESSION}, in order per session), concurrency ${CONCURRENCY}: ` +
        `${(ms / 1000).toFixed(2)} s, ${Math.round(rate)} events/s (target ≥ ${TARGET}: ${rate >= TARGET ? 'met' : 'NOT met'}); ` +
        `dispatcher CPU ${(((cpu.user + cpu.system) / 1000 / ms) * 100).toFixed(0)} % of a core; received ${received}, failed attempts ${failed}`,
    );
    return rate;
  } finally {
    await storage.close();
  }
}

async function analyze(schema: string | undefined): Promise<void> {
  const c = new pg.Client({ connectionString: postgresUrl });
  await c.connect();
  try {
    if (schema) await c.query(`set search_path to "${schema}"`);
    await c.query('analyze outbox');
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  const child = fork(import.meta.filename, ['--receiver'], { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  const ask = () =>
    new Promise<number>((resolve) => {
      child.once('message', (m: { got: number }) => resolve(m.got));
      child.send({ type: 'count' });
    });
  const dir = mkdtempSync(join(tmpdir(), 'openccc-bench-events-'));
  try {
    await run('sqlite', { kind: 'sqlite', path: join(dir, 'events.db') }, port, ask);
    const pgDown = await postgresUnavailable();
    if (pgDown) console.log(`postgres skipped: ${pgDown}`);
    else {
      const pg = postgresTarget();
      try {
        await run('postgres', pg.config, port, ask);
      } finally {
        await pg.dispose();
      }
    }
  } finally {
    child.send({ type: 'stop' });
    rmSync(dir, { recursive: true, force: true });
  }
}

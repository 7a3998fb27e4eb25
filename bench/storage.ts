// Storage benchmark on SQLite (or Postgres with BENCH_PG_URL): sessions written the way the
// app writes them. Prints sessions/s for insert+finishSession; for a request's storage work
// (callee count, insert, two saves, finishSession, idempotency put); and what one per-caller
// count costs when every session so far came from that caller (it grows with the window).
//   node --import tsx bench/storage.ts         (BENCH_SESSIONS=N, BENCH_CONCURRENCY=N to change)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openStorage } from '../src/storage/open-storage.ts';
import type { Storage, StorageConfig } from '../src/storage/repositories.ts';
import { newSessionRecord, type SessionRecord } from '../src/domain/session.ts';

const N = Number(process.env.BENCH_SESSIONS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const PG_URL = process.env.BENCH_PG_URL;

function session(i: number, t: number): SessionRecord {
  return newSessionRecord({
    sessionId: randomUUID(),
    sdkAppId: 1400000000,
    ivrId: 4500,
    callee: `0086138${String(i % 100_000).padStart(8, '0')}`,
    calleeE164: `+86138${String(i % 100_000).padStart(8, '0')}`,
    caller: '008610000000001',
    uui: 'bench',
    variables: { name: 'bench' },
    startedAt: t,
    requestId: randomUUID(),
  });
}

async function insertFinish(st: Storage, i: number): Promise<void> {
  const s = session(i, Date.now());
  await st.sessions.insert(s);
  await st.finishSession({ ...s, status: 'finished', endedAt: s.startedAt + 1, endStatus: 202, hungUpSide: 'user' });
}

async function fullRequest(st: Storage, i: number): Promise<void> {
  const t = Date.now();
  const s = session(i, t);
  await st.sessions.countByCallee(s.sdkAppId, s.calleeE164, t - 86_400_000);
  await st.sessions.insert(s);
  await st.sessions.save({ ...s, status: 'ringing', ringAt: t + 1 });
  await st.sessions.save({ ...s, status: 'inProgress', ringAt: t + 1, acceptAt: t + 2 });
  await st.finishSession({
    ...s,
    status: 'finished',
    ringAt: t + 1,
    acceptAt: t + 2,
    endedAt: t + 3,
    ivrEndedAt: t + 3,
    endStatus: 1,
    hungUpSide: 'user',
  });
  await st.idempotency.put(randomUUID(), '{"Response":{"SessionId":"x","RequestId":"y"}}', t, t + 660_000);
}

async function run(label: string, st: Storage, one: (st: Storage, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) await one(st, next++);
    }),
  );
  const sec = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${label}: ${N} sessions in ${sec.toFixed(2)} s = ${Math.round(N / sec)} sessions/s`);
}

const dir = mkdtempSync(join(tmpdir(), 'openccc-bench-storage-'));
const config: StorageConfig = PG_URL
  ? { kind: 'postgres', url: PG_URL, schema: `openccc_bench_${process.pid}` }
  : { kind: 'sqlite', path: join(dir, 'bench.db') };
const st = await openStorage(config);
try {
  console.log(`storage bench: ${st.dialect}, ${CONCURRENCY} in flight, node ${process.version}`);
  await run('insert+finishSession', st, insertFinish);
  await run('request pattern (callee count, insert, 2 saves, finish, idempotency put)', st, fullRequest);
  const start = process.hrtime.bigint();
  const rows = await st.sessions.countByCaller(1400000000, '008610000000001', 0);
  for (let i = 0; i < 99; i++) await st.sessions.countByCaller(1400000000, '008610000000001', 0);
  console.log(`countByCaller over ${rows} rows: ${(Number(process.hrtime.bigint() - start) / 1e5).toFixed(0)} us each`);
} finally {
  await st.close();
  rmSync(dir, { recursive: true, force: true });
  if (config.kind === 'postgres') {
    const client = new pg.Client({ connectionString: config.url });
    await client.connect();
    await client.query(`drop schema if exists "${config.schema}" cascade`);
    await client.end();
  }
}

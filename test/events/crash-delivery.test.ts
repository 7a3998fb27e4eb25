import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { startServerProcess, type ServerProcess } from '../../scripts/support/server-process.ts';
import { APP, CALLERS, IVR, SECRET_ID, SECRET_KEY, writeTestWorld } from '../contract/support/test-world.ts';
import { Receiver } from './support/receiver.ts';

// A real `openccc serve` process (SQLite in its data dir) killed with SIGKILL while a slow
// webhook receiver holds its deliveries, then restarted on the same data dir: every event it
// stored reaches the receiver at least once, nothing it did not store arrives, and a redelivery
// is byte for byte the first one (same event id).

const SECRET = 'whsec-crash-0123456789abcdef';
const CALLS = 8;

let rx: Receiver | undefined;
let server: ServerProcess | undefined;
let world: ReturnType<typeof writeTestWorld> | undefined;
after(async () => {
  await server?.stop('SIGKILL').catch(() => {});
  await rx?.close();
  world?.cleanup();
});

async function waitFor(done: () => boolean, what: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!done()) {
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Body {
  id: string;
  type: string;
  sessionId: string;
  seq: number;
}

test('SIGKILL mid-delivery, restart on the same data dir: every stored event delivered at least once, none invented, duplicates identical', async () => {
  rx = await Receiver.start(() => ({ status: 200, body: 'ok', delayMs: 250 }));
  world = writeTestWorld({
    appYaml: `webhooks:\n  - { url: "${rx.url('/hook')}", secret: ${SECRET}, timeoutMs: 5000, concurrency: 4 }`,
  });
  const dataDir = `${world.dir}/data`;
  const start = () => startServerProcess({ config: world!.file, dataDir, secretId: SECRET_ID, secretKey: SECRET_KEY });
  server = await start();
  const sessions: string[] = [];
  for (let i = 0; i < CALLS; i++) {
    const callee = `0086138000000${String(i).padStart(2, '0')}`;
    const r = await server.client.CreateIVRSession({ SdkAppId: APP, Callee: callee, IVRId: IVR, Callers: [CALLERS[i % 2]!] });
    sessions.push(r.SessionId!);
  }
  // Some delivered, some in flight at the receiver (held by its delay): kill now.
  const acceptedTotal = () => [...rx!.accepted.values()].reduce((a, b) => a + b, 0);
  await waitFor(() => acceptedTotal() >= 4 && rx!.requests.length - acceptedTotal() >= 2, 'deliveries done and in flight', 30_000);
  const inFlightAtKill = rx.requests.length - acceptedTotal();
  await server.kill();
  server = await start();
  const bodies = () => rx!.requests.map((r) => JSON.parse(r.body) as Body);
  await waitFor(
    () => sessions.every((id) => bodies().some((b) => b.sessionId === id && b.type === 'session.ended')),
    'every session.ended, after the restart',
    60_000,
  );
  // Whatever is still owed settles (the file is the server's alone while it runs: wait for quiet).
  for (let last = -1; last !== rx.requests.length;) {
    last = rx.requests.length;
    await new Promise((r) => setTimeout(r, 1_500));
  }
  assert.equal(await server.stop('SIGTERM'), 0);
  server = undefined;
  const db = new Database(`${dataDir}/openccc.db`, { readonly: true, fileMustExist: true });
  const stored = db.prepare('select event_id as id, payload from outbox').all() as { id: string; payload: string }[];
  const events = db.prepare('select session_id, seq from session_events').all() as { session_id: string; seq: number }[];
  const states = db.prepare('select state, count(*) as n from outbox group by state').all();
  db.close();

  assert.equal(new Set(events.map((e) => e.session_id)).size, CALLS, 'every call stored its events');
  assert.equal(stored.length, events.length, 'one webhook delivery owed per stored event');
  assert.deepStrictEqual(states, [{ state: 'delivered', n: stored.length }], 'all delivered, as recorded');
  const payloadOf = new Map(stored.map((s) => [s.id, s.payload]));
  const received = rx.requests.filter((r) => r.url === '/hook');
  for (const r of received) {
    const b = JSON.parse(r.body) as Body;
    assert.equal(r.headers['x-openccc-event-id'], b.id);
    assert.ok(payloadOf.has(b.id), `${b.id} was stored (none invented)`);
    assert.equal(r.body, payloadOf.get(b.id), `${b.id}: a redelivery is the same body`);
  }
  const got = new Set(received.map((r) => (JSON.parse(r.body) as Body).id));
  for (const id of payloadOf.keys()) assert.ok(got.has(id), `${id} delivered at least once`);
  // Per session, to one endpoint, first deliveries come in seq order.
  for (const id of sessions) {
    const firsts: number[] = [];
    for (const b of received.map((r) => JSON.parse(r.body) as Body)) if (b.sessionId === id && !firsts.includes(b.seq)) firsts.push(b.seq);
    assert.deepStrictEqual(
      firsts,
      [...firsts].sort((a, b) => a - b),
      `session ${id} in order`,
    );
  }
  assert.ok(inFlightAtKill > 0, `the kill cut deliveries in flight (${inFlightAtKill})`);
  assert.ok(received.length > got.size, `those were sent again after the restart (${received.length - got.size} duplicates)`);
});

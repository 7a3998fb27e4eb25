import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { OutboxEntry, OutboxMessage, OutboxState } from '../../src/domain/outbox.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/repositories.ts';
import { writeTestWorld } from '../contract/support/test-world.ts';

// `openccc events list|show|retry|replay` end to end: outbox rows written through storage into a
// world's real SQLite file (delivered, dead and owed ones, settled through real claims), then the
// CLI run as a process and its output, exit code and effect on the database read.
const BIN = resolve(import.meta.dirname, '../../bin/openccc.mjs');
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 });
const cliAsync = (...args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
    execFile(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) =>
      done({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });

const T0 = Date.UTC(2026, 0, 5, 2, 0, 0);
const A = 'cli-events-a-000000000000000000000001';
const B = 'cli-events-b-000000000000000000000002';
const HOOK = '1400000000/webhook/0a1b2c3d4e5f';
const PUSH = '1400000000/dataPush';
const TYPES = ['session.created', 'session.ringing', 'session.ended'];
const LONG_ERROR = `HTTP 500: ${'the receiver is down '.repeat(8)}(after 300 attempts)`;

const webhook = (sessionId: string, seq: number, createdAt: number): OutboxMessage => ({
  id: `${sessionId}-${seq}>${HOOK}`,
  eventId: `${sessionId}-${seq}`,
  sessionId,
  seq,
  endpointId: HOOK,
  kind: 'webhook',
  payload: JSON.stringify({ id: `${sessionId}-${seq}`, type: TYPES[seq - 1], sessionId, seq }),
  createdAt,
});
const cdrPush = (sessionId: string, seq: number, createdAt: number): OutboxMessage => ({
  ...webhook(sessionId, seq, createdAt),
  id: `${sessionId}-${seq}>${PUSH}`,
  endpointId: PUSH,
  kind: 'cdr',
  payload: JSON.stringify({ action: 'cdr', data: { SessionId: sessionId } }),
});

const [A1, A2, A3, ACDR, B1] = [
  webhook(A, 1, T0),
  webhook(A, 2, T0 + 1),
  webhook(A, 3, T0 + 2),
  cdrPush(A, 3, T0 + 2),
  webhook(B, 1, T0 + 60_000),
];

let w: ReturnType<typeof writeTestWorld>;
const data = () => join(w.dir, 'data');

async function settleFirst(s: Storage, endpointId: string, now: number, outcome: Parameters<Storage['outbox']['settle']>[2]) {
  const [m] = await s.outbox.claimDue({ now, limit: 1, claimer: 'test', leaseMs: 30_000, endpointId });
  assert.ok(m);
  assert.ok(await s.outbox.settle(m.id, 'test', outcome, now + 5));
  return m;
}

/** A1 delivered, A2 dead, A3 owed behind it (never tried), A's CDR push backing off, B1 dead. */
beforeEach(async () => {
  w = writeTestWorld();
  const s = await openStorage({ kind: 'sqlite', path: join(data(), 'openccc.db') });
  try {
    await s.outbox.insert([A1!, A2!, A3!, ACDR!, B1!]);
    await settleFirst(s, HOOK, T0 + 10, { kind: 'delivered' });
    // A2 and B1 at once: A3 waits behind A2 while it is claimed.
    const [a2, b1] = await s.outbox.claimDue({ now: T0 + 60_000, limit: 2, claimer: 'test', leaseMs: 30_000, endpointId: HOOK });
    assert.deepStrictEqual([a2?.id, b1?.id], [A2!.id, B1!.id]);
    await s.outbox.settle(A2!.id, 'test', { kind: 'dead', error: LONG_ERROR }, T0 + 60_005);
    await s.outbox.settle(B1!.id, 'test', { kind: 'dead', error: 'HTTP 404 (after 1 attempts)' }, T0 + 60_005);
    await settleFirst(s, PUSH, T0 + 30, { kind: 'retry', error: 'connect ECONNREFUSED', nextAttemptAt: T0 + 3_600_000 });
  } finally {
    await s.close();
  }
});
afterEach(() => w.cleanup());

async function stored(): Promise<Map<string, OutboxEntry>> {
  const s = await openStorage({ kind: 'sqlite', path: join(data(), 'openccc.db') });
  try {
    return new Map((await s.outbox.list({ limit: 100 })).map((e) => [e.id, e]));
  } finally {
    await s.close();
  }
}

function listJson(...args: string[]): {
  deliveries: (Omit<OutboxEntry, 'payload'> & { payload: unknown })[];
  counts: Record<OutboxState, number>;
} {
  const r = cli('events', 'list', '--data-dir', data(), '--json', ...args);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as ReturnType<typeof listJson>;
}

test('events list: a table newest first, event types, states, next attempt, errors cut, and the counts', () => {
  const r = cli('events', 'list', '--config', w.file);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.match(lines[0]!, /^ID +SESSION +SEQ +EVENT +ENDPOINT +STATE +ATTEMPTS +NEXT ATTEMPT +LAST ERROR$/);
  const row = (id: string) => lines.find((l) => l.startsWith(`${id} `)) ?? assert.fail(`no row for ${id}:\n${r.stdout}`);
  assert.ok(lines[1]!.startsWith(B1!.id), 'newest first');
  assert.match(row(A1!.id), new RegExp(`${A} +1 +session\\.created +${HOOK} +delivered +1 +- +-$`));
  assert.match(row(A2!.id), /session\.ringing .* dead +1 +- +HTTP 500: the receiver is down [^…]{20,}…$/);
  assert.ok(!row(A2!.id).includes('(after 300 attempts)'), 'the error is cut');
  assert.match(row(A3!.id), /session\.ended .* pending +0 +2026-01-05T02:00:00\.002Z +-$/);
  assert.match(row(ACDR!.id), new RegExp(`push cdr +${PUSH} +pending +1 +2026-01-05T03:00:00\\.000Z +connect ECONNREFUSED$`));
  assert.match(r.stdout, /\n5 shown\. All deliveries: 2 pending, 1 delivered, 2 dead\.\n$/);

  const dead = cli('events', 'list', '--data-dir', data(), '--state', 'dead', '--limit', '1');
  assert.equal(dead.status, 0, dead.stderr);
  assert.equal(dead.stdout.split('\n').filter((l) => l.includes('cli-events-')).length, 1);
  assert.match(dead.stdout, new RegExp(`^${B1!.id.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} `, 'm'));
  assert.match(
    cli('events', 'list', '--data-dir', data(), '--session', 'nobody').stdout,
    /^No deliveries match\.\nAll deliveries: 2 pending/,
  );
});

test('events list --json: parseable, payloads parsed, filters by session (in its order) and endpoint', () => {
  const all = listJson();
  assert.deepStrictEqual(all.counts, { pending: 2, delivered: 1, dead: 2 });
  assert.equal(all.deliveries.length, 5);
  const a = listJson('--session', A, '--endpoint', HOOK);
  assert.deepStrictEqual(
    a.deliveries.map((e) => [e.seq, e.state, (e.payload as { type: string }).type]),
    [
      [1, 'delivered', 'session.created'],
      [2, 'dead', 'session.ringing'],
      [3, 'pending', 'session.ended'],
    ],
  );
  assert.equal(a.deliveries[1]!.lastError, LONG_ERROR, 'whole in JSON');
});

test('events show: the delivery, its state, attempts, last error, times and its payload pretty', () => {
  const r = cli('events', 'show', A2!.id, '--config', w.file);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^Delivery ${A2!.id.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\n`));
  assert.match(r.stdout, new RegExp(`event +${A}-2 \\(session\\.ringing\\), seq 2`));
  assert.match(r.stdout, /state +dead\n +attempts +1\n/);
  assert.match(r.stdout, /created +2026-01-05T02:00:00\.001Z/);
  assert.match(r.stdout, /owed since +2026-01-05T02:00:00\.001Z \(the max age counts from here\)/);
  assert.match(r.stdout, /last attempt +2026-01-05T02:01:00\.005Z/);
  assert.ok(r.stdout.includes(`last error   ${LONG_ERROR}\n`), 'the whole error');
  assert.ok(r.stdout.includes(`Payload\n{\n  "id": "${A}-2",\n  "type": "session.ringing",`), r.stdout);
  const pending = cli('events', 'show', ACDR!.id, '--data-dir', data());
  assert.match(pending.stdout, /next attempt 2026-01-05T03:00:00\.000Z \(due\)/);
  const j = JSON.parse(cli('events', 'show', ACDR!.id, '--data-dir', data(), '--json').stdout) as OutboxEntry & { payload: unknown };
  assert.deepStrictEqual(
    [j.id, j.state, j.attempts, j.lastError, j.payload],
    [ACDR!.id, 'pending', 1, 'connect ECONNREFUSED', JSON.parse(ACDR!.payload)],
  );
  const unknown = cli('events', 'show', 'no-such-delivery', '--data-dir', data());
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /no delivery no-such-delivery in this database/);
});

test('events retry IDs: dead and owed ones due now with fresh attempts and max age; delivered left alone; unknown ids change nothing', async () => {
  const before = Date.now();
  const unknown = cli('events', 'retry', A2!.id, 'nope', '--data-dir', data());
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /no delivery nope in this database; nothing retried/);
  assert.equal((await stored()).get(A2!.id)?.state, 'dead', 'nothing changed');

  const r = cli('events', 'retry', A2!.id, ACDR!.id, A1!.id, '--data-dir', data());
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stdout,
    /^Re-queued 2 deliveries: due now, attempts and max age restarted\.\nA running server sends them on its next claim/,
  );
  assert.match(
    r.stdout,
    /Already delivered, left alone \(`openccc events replay SESSIONID` sends delivered events again\): cli-events-a-\S+-1>/,
  );
  const after = listJson('--session', A);
  const byId = new Map(after.deliveries.map((e) => [e.id, e]));
  for (const id of [A2!.id, ACDR!.id]) {
    const e = byId.get(id)!;
    assert.deepStrictEqual([e.state, e.attempts], ['pending', 0], id);
    assert.ok(e.nextAttemptAt >= before && e.nextAttemptAt <= Date.now() && e.pendingSince === e.nextAttemptAt, 'due now, owed since now');
  }
  assert.equal(byId.get(A1!.id)?.state, 'delivered');
  assert.equal(byId.get(B1!.id), undefined);
  assert.deepStrictEqual(after.counts, { pending: 3, delivered: 1, dead: 1 });
});

test('events retry --dead and --session ask first: without --yes and no terminal, nothing changes (exit 2)', async () => {
  const before = Date.now();
  const refused = cli('events', 'retry', '--dead', '--data-dir', data());
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /this would retry 2 deliveries; nothing changed: pass --yes to do it/);
  assert.deepStrictEqual(listJson().counts, { pending: 2, delivered: 1, dead: 2 });

  const dead = cli('events', 'retry', '--dead', '--yes', '--data-dir', data());
  assert.equal(dead.status, 0, dead.stderr);
  assert.match(dead.stdout, /^Re-queued 2 deliveries/);
  assert.deepStrictEqual(listJson().counts, { pending: 4, delivered: 1, dead: 0 });
  assert.match(
    cli('events', 'retry', '--dead', '--yes', '--data-dir', data()).stdout,
    /^Nothing to retry: no dead or owed deliveries match\.\n$/,
  );

  // A session's: its owed ones (the backed-off push made due now), not its delivered one.
  const s = cli('events', 'retry', '--session', A, '--yes', '--config', w.file);
  assert.equal(s.status, 0, s.stderr);
  assert.match(s.stdout, /^Re-queued 3 deliveries/);
  assert.ok((await stored()).get(ACDR!.id)!.nextAttemptAt >= before, 'the backed-off push is due now');
  assert.equal((await stored()).get(A1!.id)?.state, 'delivered');
  const none = cli('events', 'retry', '--session', 'nobody', '--yes', '--data-dir', data());
  assert.equal(none.status, 1);
  assert.match(none.stderr, /no deliveries of session nobody in this database/);
});

test('events retry leaves an attempt in flight to its sender and says so', async () => {
  const s = await openStorage({ kind: 'sqlite', path: join(data(), 'openccc.db') });
  try {
    await s.outbox.retry({ ids: [ACDR!.id], states: ['pending'] }, T0);
    await s.outbox.claimDue({ now: Date.now(), limit: 1, claimer: 'busy-server', leaseMs: 3_600_000, endpointId: PUSH });
  } finally {
    await s.close();
  }
  const r = cli('events', 'retry', '--session', A, '--yes', '--data-dir', data());
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Re-queued 2 deliveries: .*\n.*\n1 delivery being attempted right now: left to that attempt\.\n$/);
  assert.equal((await stored()).get(ACDR!.id)?.claimedBy, 'busy-server');
});

test('events replay: every delivery of the session again, delivered ones too, same ids; --endpoint narrows it', async () => {
  const hook = cli('events', 'replay', A, '--endpoint', HOOK, '--yes', '--data-dir', data());
  assert.equal(hook.status, 0, hook.stderr);
  assert.match(hook.stdout, /^Replayed 3 deliveries: due now, attempts and max age restarted\.\nA running server sends them/);
  let after = listJson('--session', A);
  assert.deepStrictEqual(
    after.deliveries.map((e) => [e.id, e.state, e.attempts]),
    [
      [ACDR!.id, 'pending', 1],
      [A1!.id, 'pending', 0],
      [A2!.id, 'pending', 0],
      [A3!.id, 'pending', 0],
    ],
  );
  assert.equal(listJson('--session', B).deliveries[0]?.state, 'dead', 'other sessions untouched');

  const refused = cli('events', 'replay', A, '--data-dir', data());
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /this would replay 4 deliveries; nothing changed: pass --yes/);
  const all = cli('events', 'replay', A, '--yes', '--config', w.file);
  assert.equal(all.status, 0, all.stderr);
  assert.match(all.stdout, /^Replayed 4 deliveries/);
  after = listJson('--session', A);
  assert.ok(after.deliveries.every((e) => e.state === 'pending' && e.attempts === 0));

  const unknown = cli('events', 'replay', 'nobody', '--yes', '--data-dir', data());
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /no deliveries of session nobody in this database/);
  const noEndpoint = cli('events', 'replay', A, '--endpoint', 'nowhere', '--yes', '--data-dir', data());
  assert.equal(noEndpoint.status, 1);
  assert.match(noEndpoint.stderr, /no deliveries of session \S+ to endpoint nowhere/);
});

test('bad usage exits 2 with a reason; --help on each command has examples; a missing database exits 1', async () => {
  // Read-only runs, so they go at once (each process start is most of a run's time).
  const usage = async (args: string[], re: RegExp) => {
    const r = await cliAsync('events', ...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
  };
  const help = async (sub: string) => {
    const h = await cliAsync('events', sub, '--help');
    assert.equal(h.status, 0);
    assert.match(h.stdout, new RegExp(`Examples:\\n  openccc events ${sub} `));
    return h.stdout;
  };
  const noDb = async () => {
    const r = await cliAsync('events', 'list', '--data-dir', join(w.dir, 'nowhere'));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no database at .*nowhere.openccc\.db/);
  };
  const [, , , , , , , , , , replayHelp] = await Promise.all([
    usage(['list'], /events list needs --config FILE or --data-dir DIR/),
    usage(['list', '--data-dir', data(), '--state', 'lost'], /Allowed choices are pending, delivered, dead/),
    usage(['list', '--data-dir', data(), '--limit', '0'], /a whole number of at least 1/),
    usage(['show', '--data-dir', data()], /missing required argument 'id'/),
    usage(['retry', '--data-dir', data()], /takes delivery ids, or --session ID, or --dead \(one of them\)/),
    usage(['retry', A1!.id, '--dead', '--data-dir', data()], /one of them/),
    usage(['replay', '--data-dir', data()], /missing required argument 'sessionId'/),
    help('list'),
    help('show'),
    help('retry'),
    help('replay'),
    noDb(),
  ]);
  assert.match(replayHelp as string, /same event ids/);
});

test('a SQLite file held by a running server: retry says so and changes nothing', async () => {
  const held = await openStorage({ kind: 'sqlite', path: join(data(), 'openccc.db') });
  try {
    await held.outbox.counts();
    const r = cli('events', 'retry', A2!.id, '--data-dir', data());
    assert.equal(r.status, 1);
    assert.match(r.stderr, /is locked by another process \(a running openccc serve holds its SQLite file\)/);
  } finally {
    await held.close();
  }
  assert.equal((await stored()).get(A2!.id)?.state, 'dead');
});

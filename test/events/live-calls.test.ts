import { after, afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tencentcloud from 'tencentcloud-sdk-nodejs';
import { VirtualClock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { loadConfigFile } from '../../src/app/config/load.ts';
import { startServer, type RunningServer } from '../../src/cli/start-server.ts';
import { verifySignature } from '../../src/events/signature.ts';
import { pushUuid } from '../../src/events/webhook-sender.ts';
import type { CccClient } from '../contract/support/live-server.ts';
import { APP, CALLERS, IVR, SECRET_ID, SECRET_KEY, writeTestWorld, type WorldOptions } from '../contract/support/test-world.ts';
import { Receiver, type Received } from './support/receiver.ts';
import { scrape } from '../contract/support/scrape.ts';

// Calls feed the outbox through the whole server: a real openccc (official SDK, sim carrier, a
// virtual clock started at the real time so signatures stay in their window) delivers to a real
// HTTP receiver on loopback.

const SECRET = 'whsec-live-0123456789abcdef';

interface Live {
  server: RunningServer;
  client: CccClient;
  clock: VirtualClock;
  stop(): Promise<void>;
}

const opened: Live[] = [];
afterEach(async () => {
  for (const l of opened.splice(0)) await l.stop();
});

async function startLive(rx: Receiver, opts: WorldOptions = {}): Promise<Live> {
  const world = writeTestWorld({
    appYaml: `webhooks:\n  - { url: "${rx.url('/hook')}", secret: ${SECRET}, timeoutMs: 2000 }\ndataPush: { url: "${rx.url('/tccc')}", timeoutMs: 2000 }`,
    ...opts,
  });
  const clock = new VirtualClock(Date.now());
  const server = await startServer({ loaded: loadConfigFile(world.file), listen: '127.0.0.1:0', logger: silentLogger, clock });
  const client = new tencentcloud.ccc.v20200210.Client({
    credential: { secretId: SECRET_ID, secretKey: SECRET_KEY },
    region: 'ap-guangzhou',
    profile: { httpProfile: { endpoint: `127.0.0.1:${server.port}`, protocol: 'http://', reqTimeout: 10 } },
  });
  const live: Live = {
    server,
    client,
    clock,
    async stop() {
      await server.close();
      world.cleanup();
    },
  };
  opened.push(live);
  return live;
}

/** Runs virtual time in small steps until the call's CDR is written (as recordings.test.ts). */
async function runUntilCdr(l: Live, sessionId: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const call = l.server.app.calls.get(sessionId);
    if (!call || call.record.status === 'finished') {
      await call?.closed;
      const [cdr] = await l.server.app.storage.cdrs.getMany(APP, [sessionId]);
      if (cdr) return;
      throw new Error(`no CDR for ${sessionId}`);
    }
    l.clock.advance(250);
    for (let j = 0; j < 3; j++) await new Promise((r) => setImmediate(r));
  }
  throw new Error(`the call ${sessionId} did not end`);
}

/** Waits in real time; while the dispatcher is idle, moves virtual time on so retries fall due. */
// Small steps: an attempt's timeout runs on the same clock, and loopback answers within a step.
async function until(l: Live, done: () => boolean, what: string, stepMs = 50): Promise<void> {
  for (let i = 0; i < 4_000; i++) {
    if (done()) return;
    await new Promise((r) => setTimeout(r, 2));
    if (stepMs > 0) l.clock.advance(stepMs);
  }
  throw new Error(`gave up waiting for ${what}`);
}

const webhookOf = (rx: Receiver, sessionId: string) =>
  rx.requests.filter((r) => r.url === '/hook').filter((r) => (JSON.parse(r.body) as { sessionId: string }).sessionId === sessionId);
const pushesOf = (rx: Receiver, action: 'cdr' | 'record', sessionId: string) =>
  rx.requests
    .filter((r) => r.url === `/tccc?action=${action}&version=1`)
    .filter((r) => (JSON.parse(r.body) as { SessionId: string }).SessionId === sessionId);
const endedIn = (rs: Received[]) => rs.some((r) => (JSON.parse(r.body) as { type: string }).type === 'session.ended');

async function describeCdr(l: Live, sessionId: string) {
  const now = Math.floor(l.clock.now() / 1000);
  const res = await l.client.DescribeTelCdr({
    SdkAppId: APP,
    StartTimeStamp: now - 600,
    EndTimeStamp: now + 5,
    PageSize: 10,
    PageNumber: 0,
    SessionIds: [sessionId],
  });
  assert.equal(res.TotalCount, 1);
  // The SDK's answer as it came over the wire: the TelCdrInfo JSON, without SDK additions.
  return JSON.parse(JSON.stringify(res.TelCdrList![0])) as Record<string, unknown>;
}

describe('calls deliver their events through the whole server', () => {
  const receivers: Receiver[] = [];
  after(async () => {
    for (const r of receivers) await r.close();
  });
  const receiver = async () => {
    const r = await Receiver.start();
    receivers.push(r);
    return r;
  };

  test("a call's events reach its webhook in order, signed, and the ended one carries the CDR DescribeTelCdr returns", async () => {
    const rx = await receiver();
    const l = await startLive(rx);
    const { SessionId } = await l.client.CreateIVRSession({ SdkAppId: APP, Callee: '008613800000000', IVRId: IVR, Callers: [CALLERS[0]!] });
    const sessionId = SessionId!;
    await runUntilCdr(l, sessionId);
    await until(l, () => endedIn(webhookOf(rx, sessionId)), 'the ended webhook', 0);
    const got = webhookOf(rx, sessionId);
    const bodies = got.map(
      (r) => JSON.parse(r.body) as { id: string; type: string; seq: number; sdkAppId: number; data: { cdr?: unknown } },
    );
    assert.deepStrictEqual(
      bodies.map((b) => b.seq),
      bodies.map((_, i) => i + 1),
      'seq 1, 2, 3… in order, none missing',
    );
    const types = bodies.map((b) => b.type);
    assert.deepStrictEqual(types.slice(0, 3), ['session.created', 'session.ringing', 'session.answered']);
    assert.equal(types.at(-1), 'session.ended');
    const stored = (await l.server.app.storage.sessions.events(sessionId)).map((e) => e.id);
    assert.deepStrictEqual(
      bodies.map((b) => b.id),
      stored,
      'exactly the lifecycle events the session stored',
    );
    const nowS = Math.floor(l.clock.now() / 1000);
    for (const r of got) {
      assert.equal(verifySignature(String(r.headers['x-openccc-signature']), r.body, SECRET, nowS), true, 'signed under the secret');
      assert.equal(r.headers['x-openccc-event-id'], (JSON.parse(r.body) as { id: string }).id);
    }
    assert.deepStrictEqual(bodies.at(-1)!.data.cdr, await describeCdr(l, sessionId), 'the ended event carries DescribeTelCdr’s TelCdrInfo');
    const m = await scrape(l.server.url);
    assert.ok(
      (m.value('openccc_outbox_attempts_total', { outcome: 'delivered' }) ?? 0) >= bodies.length + 1,
      'webhooks and the cdr push counted',
    );
    assert.equal(m.value('openccc_outbox_attempts_total', { outcome: 'dead' }), 0);
  });

  test('a TCCC data push receiver gets action=cdr with DescribeTelCdr’s TelCdrInfo plus SdkAppId, and X-TCCC-PUSH-UUID', async () => {
    const rx = await receiver();
    const l = await startLive(rx, { recordIvr: true });
    const { SessionId } = await l.client.CreateIVRSession({ SdkAppId: APP, Callee: '008613800000000', IVRId: IVR, Callers: [CALLERS[0]!] });
    const sessionId = SessionId!;
    await runUntilCdr(l, sessionId);
    await until(l, () => pushesOf(rx, 'record', sessionId).length > 0, 'the record push', 0);
    const [cdr] = pushesOf(rx, 'cdr', sessionId);
    assert.ok(cdr, 'one cdr push');
    assert.equal(pushesOf(rx, 'cdr', sessionId).length, 1);
    assert.match(String(cdr.headers['x-tccc-push-uuid']), /^[0-9a-f-]{36}$/);
    const outboxId = (await l.server.app.storage.outbox.list({ sessionId, limit: 50 })).find((e) => e.kind === 'cdr')!.id;
    assert.equal(cdr.headers['x-tccc-push-uuid'], pushUuid(outboxId));
    const described = await describeCdr(l, sessionId);
    const pushed = JSON.parse(cdr.body) as Record<string, unknown>;
    // The recording link is signed and minted when read: same recording, a link minted at push time.
    assert.match(
      String(pushed.RecordURL),
      new RegExp(`/recordings/${String(described.RecordId)}\\.wav\\?expires=\\d+&signature=[0-9a-f]{64}$`),
    );
    assert.deepStrictEqual({ ...pushed, RecordURL: described.RecordURL }, { SdkAppId: APP, ...described });
    const [record] = pushesOf(rx, 'record', sessionId);
    const rec = JSON.parse(record!.body) as Record<string, unknown>;
    assert.equal(rec.RecordId, described.RecordId);
    assert.equal(rec.SdkAppId, APP);
    assert.equal(rec.EndpointUser, described.Callee);
    assert.ok(rx.requests.indexOf(cdr) < rx.requests.indexOf(record!), 'the CDR before its recording');
  });

  test('the IVR reports the nodes it enters, the variables it sets and the recording, in seq order, to the webhooks that want them', async () => {
    const rx = await receiver();
    const dir = mkdtempSync(join(tmpdir(), 'openccc-events-flow-'));
    const flow = join(dir, 'events.yaml');
    writeFileSync(
      flow,
      [
        'name: Events',
        'start: greet',
        'nodes:',
        '  greet: { type: set, label: greeting, variables: { customer: "${SystemCalleeNumber}", tier: gold }, next: ask }',
        '  ask: { type: collect, prompt: "Enter a digit", variable: choice, maxDigits: 1, next: bye }',
        '  bye: { type: hangup, prompt: "Bye" }',
        '',
      ].join('\n'),
    );
    const l = await startLive(rx, {
      flow,
      recordIvr: true,
      appYaml: [
        'webhooks:',
        `  - { url: "${rx.url('/hook')}", secret: ${SECRET}, timeoutMs: 2000 }`,
        `  - { url: "${rx.url('/vars')}", secret: ${SECRET}, timeoutMs: 2000, events: [session.variableSet] }`,
        `dataPush: { url: "${rx.url('/tccc')}", timeoutMs: 2000 }`,
      ].join('\n'),
    });
    try {
      const callee = '008613800000000';
      const { SessionId } = await l.client.CreateIVRSession({ SdkAppId: APP, Callee: callee, IVRId: IVR, Callers: [CALLERS[0]!] });
      const sessionId = SessionId!;
      await runUntilCdr(l, sessionId);
      const typesAt = (path: string) =>
        rx.requests
          .filter((r) => r.url === path && (JSON.parse(r.body) as { sessionId: string }).sessionId === sessionId)
          .map((r) => JSON.parse(r.body) as { id: string; type: string; seq: number; occurredAt: number; data: Record<string, unknown> });
      await until(
        l,
        () => typesAt('/hook').some((b) => b.type === 'session.recordingReady') && typesAt('/vars').length === 3,
        'the reported events',
        0,
      );
      await until(l, () => pushesOf(rx, 'record', sessionId).length > 0, 'the record push', 0);
      const bodies = typesAt('/hook');
      assert.deepStrictEqual(
        bodies.map((b) => [b.seq, b.type]),
        [
          'session.created',
          'session.ringing',
          'session.answered',
          'session.nodeEntered',
          'session.variableSet',
          'session.variableSet',
          'session.nodeEntered',
          'session.keyPressed',
          'session.variableSet',
          'session.nodeEntered',
          'session.ended',
          'session.recordingReady',
        ].map((t, i) => [i + 1, t]),
        'every event once, in seq order; the recording is complete after the line closed, so after the end',
      );
      const data = bodies.map((b) => b.data);
      assert.deepStrictEqual(data[3], { nodeId: 'greet', nodeType: 'set', label: 'greeting' });
      assert.deepStrictEqual(data[4], { name: 'customer', value: callee, nodeId: 'greet' });
      assert.deepStrictEqual(data[5], { name: 'tier', value: 'gold', nodeId: 'greet' });
      assert.deepStrictEqual(data[6], { nodeId: 'ask', nodeType: 'collect' });
      assert.deepStrictEqual(data[8], { name: 'choice', value: '1', nodeId: 'ask' });
      assert.deepStrictEqual(data[9], { nodeId: 'bye', nodeType: 'hangup' });
      const described = await describeCdr(l, sessionId);
      const ready = data[11] as { recordingId: string; durationMs: number; channels: number; createdAtMs: number; recordUrl: string };
      assert.equal(ready.recordingId, described.RecordId, 'the recording the CDR names');
      assert.ok(ready.durationMs > 0);
      assert.equal(ready.channels, 1);
      assert.equal(ready.createdAtMs, bodies[11]!.occurredAt);
      assert.match(ready.recordUrl, new RegExp(`/recordings/${ready.recordingId}\\.wav\\?expires=\\d+&signature=[0-9a-f]{64}$`));
      const stored = await l.server.app.storage.sessions.events(sessionId);
      assert.deepStrictEqual(
        bodies.map((b) => b.id),
        stored.map((e) => e.id),
        'exactly the events the session stored',
      );
      const nowS = Math.floor(l.clock.now() / 1000);
      for (const r of rx.requests.filter((x) => x.url === '/hook' || x.url === '/vars'))
        assert.equal(verifySignature(String(r.headers['x-openccc-signature']), r.body, SECRET, nowS), true, 'signed under the secret');
      assert.deepStrictEqual(
        typesAt('/vars').map((b) => [b.seq, b.type]),
        [5, 6, 9].map((seq) => [seq, 'session.variableSet']),
        'a filtered webhook gets only what it asked for, under the same ids and seqs',
      );
      const tccc = rx.requests.filter(
        (r) => r.url.startsWith('/tccc') && (JSON.parse(r.body) as { SessionId?: string }).SessionId === sessionId,
      );
      assert.deepStrictEqual(
        tccc.map((r) => r.url),
        ['/tccc?action=cdr&version=1', '/tccc?action=record&version=1'],
        'the data push sees the CDR and the recording only',
      );
      // Replay (what `openccc events replay` does): the reported events come again, same ids.
      // Only the unfiltered webhook wants a node entered: its delivery names that endpoint.
      const hook = (await l.server.app.storage.outbox.list({ sessionId, limit: 100 })).find(
        (m) => m.eventId === stored[3]!.id && m.kind === 'webhook',
      );
      assert.ok(hook);
      const before = typesAt('/hook').length;
      const requeued = await l.server.app.storage.outbox.retry(
        { sessionId, endpointId: hook.endpointId, states: ['pending', 'delivered', 'dead'] },
        l.clock.now(),
      );
      assert.equal(requeued, 12);
      await until(l, () => typesAt('/hook').length === before + 12, 'the replayed events');
      assert.deepStrictEqual(
        typesAt('/hook')
          .slice(before)
          .map((b) => b.id),
        stored.map((e) => e.id),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('receiver down during the call, up later: everything is delivered then, nothing lost', async () => {
    const rx = await receiver();
    const l = await startLive(rx);
    await rx.down();
    const ids: string[] = [];
    for (const callee of ['008613800000000', '008613800000001', '008613900000001'])
      ids.push((await l.client.CreateIVRSession({ SdkAppId: APP, Callee: callee, IVRId: IVR, Callers: [CALLERS[0]!] })).SessionId!);
    for (const id of ids) await runUntilCdr(l, id);
    // Let a few attempts fail against the closed port.
    const owed = async () => l.server.app.storage.outbox.list({ state: 'pending', limit: 500 });
    for (let i = 0; i < 200 && !(await owed()).some((e) => e.attempts >= 2); i++) {
      l.clock.advance(100);
      await new Promise((r) => setTimeout(r, 5));
    }
    const before = await owed();
    assert.ok(before.length >= 3 * 3, `owed while down: ${before.length}`);
    assert.ok(
      before.some((e) => e.attempts >= 2 && e.lastError !== null),
      'attempts failed meanwhile',
    );
    assert.equal(rx.requests.length, 0);
    await rx.up();
    await until(
      l,
      () => ids.every((id) => endedIn(webhookOf(rx, id)) && pushesOf(rx, 'cdr', id).length > 0),
      'every call delivered after the receiver came back',
    );
    for (const id of ids) {
      const seqs = webhookOf(rx, id).map((r) => (JSON.parse(r.body) as { seq: number }).seq);
      const unique = [...new Set(seqs)];
      assert.deepStrictEqual(
        unique,
        unique.map((_, i) => i + 1),
        `session ${id}: every seq, in order`,
      );
      const stored = (await l.server.app.storage.sessions.events(id)).length;
      assert.equal(unique.length, stored, 'no event lost');
    }
  });
});

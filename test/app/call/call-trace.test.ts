import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SystemClock, VirtualClock } from '../../../src/shared/clock.ts';
import { silentLogger } from '../../../src/shared/logger.ts';
import { openStorage } from '../../../src/storage/open-storage.ts';
import type { Storage } from '../../../src/storage/repositories.ts';
import type { CallTrace } from '../../../src/domain/call-trace.ts';
import { newSessionRecord, type SessionRecord } from '../../../src/domain/session.ts';
import { SimCarrier } from '../../../src/telephony/sim/sim-carrier.ts';
import { simCarrierConfigSchema } from '../../../src/telephony/sim/sim-config.ts';
import type { CallLeg } from '../../../src/telephony/carrier.ts';
import { SipLadder } from '../../../src/telephony/call-trace.ts';
import { UserAgentCore, sendOptions } from '../../../src/telephony/sip/ua/index.ts';
import { loadFlowFile } from '../../../src/app/flows/load-flow-file.ts';
import { CallSupervisor } from '../../../src/app/call/call-supervisor.ts';
import { ignoreSessions } from '../../../src/app/call/session-observer.ts';
import { cdrOf } from '../../storage/support/cdr-read.ts';

// The app's side of CallLeg.trace(): a finished call stores its leg's trace beside the CDR, waits
// for it a bounded time, and never lets it hold up the CDR. The sip carrier's legs are being built
// elsewhere, so sim legs stand in with a trace() added; the trace itself is a real ladder recorded
// off two UAs over loopback.
const flow = loadFlowFile(resolve(import.meta.dirname, '../../../examples/demo/flows/4500.yaml'));
let dir: string;
let storage: Storage;
let realTrace: CallTrace;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'openccc-call-trace-'));
  storage = await openStorage({ kind: 'sqlite', path: join(dir, 'db.sqlite') });
  const clock = new SystemClock();
  const [a, b] = await Promise.all([0, 1].map(() => UserAgentCore.start({ address: '127.0.0.1', port: 0, clock })));
  const ladder = new SipLadder();
  a!.observeMessages((m) => ladder.record(m));
  assert.equal((await sendOptions(a!, { transport: 'UDP', host: '127.0.0.1', port: b!.port }, `sip:t@127.0.0.1:${b!.port}`)).status, 200);
  realTrace = ladder.trace();
  assert.equal(realTrace.sip.length, 2);
  await Promise.all([a!.close(), b!.close()]);
});
after(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

let seq = 0;
function world(trace: ((leg: CallLeg) => Promise<CallTrace | undefined>) | undefined, traceWaitMs = 2_000) {
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 2, 0, 0));
  const carrier = new SimCarrier(simCarrierConfigSchema.parse({ defaultOutcome: { kind: 'answer', ringSeconds: 1, digits: '1' } }), clock);
  const traced: string[] = [];
  if (trace) {
    const dial = carrier.dial.bind(carrier);
    carrier.dial = (req) => {
      const leg = dial(req);
      return Object.assign(leg, {
        trace: () => {
          traced.push(leg.id);
          assert.equal(leg.closed, true, 'asked after close()');
          return trace(leg);
        },
      });
    };
  }
  const calls = new CallSupervisor({ carrier, storage, clock, observer: ignoreSessions, logger: silentLogger, traceWaitMs });
  const session = (): SessionRecord =>
    newSessionRecord({
      sessionId: `ct${String(seq++).padStart(30, '0')}`,
      sdkAppId: 7,
      ivrId: 4500,
      callee: '+8613700000000',
      calleeE164: '+8613700000000',
      caller: '008610000000001',
      uui: '',
      variables: { parcel: 'SF1' },
      startedAt: clock.now(),
      requestId: 'r',
    });
  return { clock, carrier, calls, session, traced };
}

async function run(clock: VirtualClock, ms: number, stepMs = 250): Promise<void> {
  for (let t = 0; t < ms; t += stepMs) {
    clock.advance(stepMs);
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  }
}

test('a leg with a trace: it is asked once after close and stored with the CDR', async () => {
  const w = world(async () => realTrace);
  const call = await w.calls.dial(w.session(), flow, { maxRingMs: 60_000 });
  await run(w.clock, 60_000);
  await call.closed;
  assert.equal((await cdrOf(storage, 7, call.sessionId))?.endStatus, 107);
  assert.deepEqual(w.traced, [call.sessionId]);
  const stored = await storage.traces.get(call.sessionId);
  assert.deepStrictEqual(stored?.trace, realTrace);
  assert.ok(stored!.createdAtMs >= (await cdrOf(storage, 7, call.sessionId))!.endedAt!, 'stamped on the app clock, after the end');
  assert.equal(w.clock.pendingTimers(), 0, 'the wait timer was cleared');
});

test('a trace that never comes: the CDR and the close event do not wait; closed resolves at the bound, nothing stored', async () => {
  const w = world(() => new Promise<never>(() => {}), 2_000);
  const call = await w.calls.dial(w.session(), flow, { maxRingMs: 60_000 });
  let closedEvent = false;
  call.once('close', () => (closedEvent = true));
  let closed = false;
  void call.closed.then(() => (closed = true));
  while (call.record.status !== 'finished') await run(w.clock, 250);
  for (let i = 0; i < 50 && !closedEvent; i++) await new Promise((r) => setTimeout(r, 5));
  assert.equal(closedEvent, true, 'close is emitted once the CDR is durable');
  assert.ok(await cdrOf(storage, 7, call.sessionId), 'the CDR is written');
  assert.equal(w.calls.count(), 0, 'the call no longer counts as live');
  assert.equal(closed, false, 'still waiting for the trace');
  await run(w.clock, 2_000);
  await call.closed;
  assert.equal(await storage.traces.get(call.sessionId), undefined);
  assert.equal(w.clock.pendingTimers(), 0);
});

test('a trace that fails, or is undefined: nothing stored, the call closes normally', async () => {
  for (const trace of [
    async () => undefined,
    () => Promise.reject(new Error('worker gone')),
    () => {
      throw new Error('sync');
    },
  ]) {
    const w = world(trace as () => Promise<CallTrace | undefined>);
    const call = await w.calls.dial(w.session(), flow, { maxRingMs: 60_000 });
    await run(w.clock, 60_000);
    await call.closed;
    assert.equal((await cdrOf(storage, 7, call.sessionId))?.endStatus, 107);
    assert.equal(await storage.traces.get(call.sessionId), undefined);
    assert.equal(w.clock.pendingTimers(), 0);
  }
});

test('sim legs have no trace: nothing is asked, nothing stored', async () => {
  const w = world(undefined);
  const call = await w.calls.dial(w.session(), flow, { maxRingMs: 60_000 });
  await run(w.clock, 60_000);
  await call.closed;
  assert.equal(await storage.traces.get(call.sessionId), undefined);
  assert.equal(w.clock.pendingTimers(), 0);
});

test('shutdown waits for a trace still being collected after the CDR', async () => {
  let release!: (t: CallTrace) => void;
  const w = world(() => new Promise<CallTrace>((r) => (release = r)), 60_000);
  const call = await w.calls.dial(w.session(), flow, { maxRingMs: 60_000 });
  while (call.record.status !== 'finished') await run(w.clock, 250);
  while (w.calls.count() > 0) await new Promise((r) => setTimeout(r, 5));
  let down = false;
  const shutdown = w.calls.shutdown().then(() => (down = true));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(down, false, 'shutdown waits for the trace');
  release(realTrace);
  await shutdown;
  assert.deepStrictEqual((await storage.traces.get(call.sessionId))?.trace, realTrace);
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { VirtualClock } from '../../../src/shared/clock.ts';
import { silentLogger } from '../../../src/shared/logger.ts';
import { openStorage } from '../../../src/storage/open-storage.ts';
import type { Storage } from '../../../src/storage/repositories.ts';
import { SimCarrier } from '../../../src/telephony/sim/sim-carrier.ts';
import { simCarrierConfigSchema } from '../../../src/telephony/sim/sim-config.ts';
import { loadFlowFile } from '../../../src/app/flows/load-flow-file.ts';
import { CallSupervisor } from '../../../src/app/call/call-supervisor.ts';
import { ignoreSessions } from '../../../src/app/call/session-observer.ts';
import { newSessionRecord, type SessionRecord } from '../../../src/domain/session.ts';
import { cdrOf } from '../../storage/support/cdr-read.ts';

// The whole call path (sim line, session machine, IVR interpreter, storage) on a virtual clock:
// minutes of call time in milliseconds, the same result every run.
const flow = loadFlowFile(resolve(import.meta.dirname, '../../../examples/demo/flows/4500.yaml'));
let dir: string;
let storage: Storage;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'openccc-live-call-'));
  storage = await openStorage({ kind: 'sqlite', path: join(dir, 'db.sqlite') });
});
after(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

let seq = 0;
function world(outcomes: unknown[]) {
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 2, 0, 0));
  const carrier = new SimCarrier(simCarrierConfigSchema.parse({ defaultOutcome: { kind: 'busy' }, outcomes }), clock);
  const calls = new CallSupervisor({ carrier, storage, clock, observer: ignoreSessions, logger: silentLogger });
  const session = (callee: string): SessionRecord =>
    newSessionRecord({
      sessionId: `vc${String(seq++).padStart(30, '0')}`,
      sdkAppId: 7,
      ivrId: 4500,
      callee,
      calleeE164: callee,
      caller: '008610000000001',
      uui: '',
      variables: { parcel: 'SF1' },
      startedAt: clock.now(),
      requestId: 'r',
    });
  return { clock, carrier, calls, session };
}

/** Advances virtual time in steps, letting storage's real I/O settle between them. */
async function run(clock: VirtualClock, ms: number, stepMs = 250): Promise<void> {
  for (let t = 0; t < ms; t += stepMs) {
    clock.advance(stepMs);
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  }
}

test('answered, the callee presses 1: the IVR confirms and hangs up (107), keys and times in the CDR', async () => {
  const w = world([{ match: '+8613700000000', outcome: { kind: 'answer', ringSeconds: 3, digits: '1' } }]);
  const call = await w.calls.dial(w.session('+8613700000000'), flow, { maxRingMs: 60_000 });
  const t0 = w.clock.now();
  await run(w.clock, 60_000);
  await call.closed;
  const cdr = await cdrOf(storage, 7, call.sessionId);
  assert.equal(cdr?.endStatus, 107);
  assert.equal(cdr?.ringAt, t0);
  assert.equal(cdr?.acceptAt, t0 + 3000);
  assert.deepEqual(
    cdr?.keyPresses.map((k) => [k.key, k.label, k.nodeLabel]),
    [['1', 'confirmed', 'Confirm delivery']],
  );
  assert.ok(cdr!.endedAt! > cdr!.acceptAt!);
  assert.equal(w.carrier.activeCalls(), 0);
  assert.equal(w.clock.pendingTimers(), 0, 'nothing left scheduled');
});

test('no answer: the call ends as notAnswer (202) exactly at the ring limit', async () => {
  const w = world([{ match: '+8613700000001', outcome: { kind: 'noAnswer' } }]);
  const t0 = w.clock.now();
  const call = await w.calls.dial(w.session('+8613700000001'), flow, { maxRingMs: 45_000 });
  await run(w.clock, 50_000);
  await call.closed;
  const cdr = await cdrOf(storage, 7, call.sessionId);
  assert.equal(cdr?.endStatus, 202);
  assert.equal(cdr?.endedAt, t0 + 45_000);
  assert.equal(cdr?.acceptAt, null);
});

test('the callee hangs up during the IVR: ivrGiveUp (102), hung up by the user', async () => {
  const w = world([{ match: '+8613700000002', outcome: { kind: 'answer', ringSeconds: 1, hangupAfterSeconds: 4 } }]);
  const call = await w.calls.dial(w.session('+8613700000002'), flow, { maxRingMs: 60_000 });
  await run(w.clock, 10_000);
  await call.closed;
  const cdr = await cdrOf(storage, 7, call.sessionId);
  assert.equal(cdr?.endStatus, 102);
  assert.equal(cdr?.hungUpSide, 'user');
  assert.equal(w.clock.pendingTimers(), 0);
});

test('the callee never presses: the menu retries, then the flow gives up politely (107) with no key recorded', async () => {
  const w = world([{ match: '+8613700000003', outcome: { kind: 'answer', ringSeconds: 1 } }]);
  const call = await w.calls.dial(w.session('+8613700000003'), flow, { maxRingMs: 60_000 });
  await run(w.clock, 120_000, 500);
  await call.closed;
  const cdr = await cdrOf(storage, 7, call.sessionId);
  assert.equal(cdr?.endStatus, 107);
  assert.deepEqual(cdr?.keyPresses, []);
});

test('shutdown mid-call: every live call is hung up, its CDR written (208), no timer or leg left', async () => {
  const w = world([{ match: '+86137000001*', outcome: { kind: 'answer', ringSeconds: 1, digits: '1' } }]);
  const calls = await Promise.all(
    ['+8613700000101', '+8613700000102', '+8613700000103'].map((n) => w.calls.dial(w.session(n), flow, { maxRingMs: 60_000 })),
  );
  await run(w.clock, 2_000);
  await w.calls.shutdown();
  for (const c of calls) assert.equal((await cdrOf(storage, 7, c.sessionId))?.endStatus, 208);
  assert.equal(w.calls.count(), 0);
  assert.equal(w.carrier.activeCalls(), 0);
  assert.equal(w.clock.pendingTimers(), 0);
});

test('the carrier closing under a live call ends its session (208) instead of leaving it unfinished', async () => {
  const w = world([{ match: '+8613700000201', outcome: { kind: 'answer', ringSeconds: 1 } }]);
  const call = await w.calls.dial(w.session('+8613700000201'), flow, { maxRingMs: 60_000 });
  await run(w.clock, 3_000);
  assert.equal(call.record.status, 'inProgress');
  await w.carrier.close();
  await call.closed;
  const cdr = await cdrOf(storage, 7, call.sessionId);
  assert.equal(cdr?.endStatus, 208);
  assert.equal(cdr?.hungUpSide, 'system');
  assert.equal(w.calls.count(), 0);
  assert.equal(w.clock.pendingTimers(), 0);
});

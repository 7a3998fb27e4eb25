import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { VirtualClock } from '../../../src/shared/clock.ts';
import { silentLogger } from '../../../src/shared/logger.ts';
import { openStorage } from '../../../src/storage/open-storage.ts';
import type { Storage } from '../../../src/storage/repositories.ts';
import { newSessionRecord, type SessionRecord } from '../../../src/domain/session.ts';
import { SimCarrier } from '../../../src/telephony/sim/sim-carrier.ts';
import { simCarrierConfigSchema } from '../../../src/telephony/sim/sim-config.ts';
import type { CallLeg, ReleaseToken } from '../../../src/telephony/carrier.ts';
import { loadFlowFile } from '../../../src/app/flows/load-flow-file.ts';
import { CallSupervisor } from '../../../src/app/call/call-supervisor.ts';
import { ignoreSessions } from '../../../src/app/call/session-observer.ts';
import { cdrOf } from '../../storage/support/cdr-read.ts';

// The app's side of CallLeg.releaseToken: an answered call's line state is stored while the call is
// up and gone with its CDR. Sim legs give no token, so they stand in with one added (as
// call-trace.test.ts does for trace()); the sip carrier's own is tested in orphan-dialog.test.ts.
const flow = loadFlowFile(resolve(import.meta.dirname, '../../../examples/demo/flows/4500.yaml'));
let dir: string;
let storage: Storage;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'openccc-call-dialog-'));
  storage = await openStorage({ kind: 'sqlite', path: join(dir, 'db.sqlite') });
});
after(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

let seq = 0;
function world(token: (leg: CallLeg) => ReleaseToken | undefined) {
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 2, 0, 0));
  const carrier = new SimCarrier(simCarrierConfigSchema.parse({ defaultOutcome: { kind: 'answer', ringSeconds: 1, digits: '1' } }), clock);
  const asked: string[] = [];
  const dial = carrier.dial.bind(carrier);
  carrier.dial = (req) => {
    const leg = dial(req);
    return Object.assign(leg, {
      releaseToken: () => {
        asked.push(leg.id);
        return token(leg);
      },
    });
  };
  const calls = new CallSupervisor({ carrier, storage, clock, observer: ignoreSessions, logger: silentLogger });
  const session = (): SessionRecord =>
    newSessionRecord({
      sessionId: `cd${String(seq++).padStart(30, '0')}`,
      sdkAppId: 8,
      ivrId: 4500,
      callee: '+8613700000000',
      calleeE164: '+8613700000000',
      caller: '008610000000001',
      uui: '',
      variables: {},
      startedAt: clock.now(),
      requestId: 'r',
    });
  return { clock, calls, session, asked };
}

async function run(clock: VirtualClock, ms: number, stepMs = 250): Promise<void> {
  for (let t = 0; t < ms; t += stepMs) {
    clock.advance(stepMs);
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 5));
}

test("an answered call stores its leg's release token while it is up; its CDR takes it away", async () => {
  const w = world((leg) => ({ carrier: 'sip', state: JSON.stringify({ leg: leg.id }) }));
  const call = await w.calls.dial(w.session(), flow, { maxRingMs: 60_000 });
  await run(w.clock, 500);
  await settle();
  assert.equal(call.record.status, 'ringing');
  assert.deepEqual(await storage.callDialogs.ofSessions([call.sessionId]), [], 'nothing before answer');
  await run(w.clock, 1_000);
  await settle();
  assert.equal(call.record.status, 'inProgress');
  assert.deepEqual(w.asked, [call.sessionId], 'asked once, at answer');
  const [stored] = await storage.callDialogs.ofSessions([call.sessionId]);
  assert.deepStrictEqual(stored, {
    sessionId: call.sessionId,
    carrier: 'sip',
    state: JSON.stringify({ leg: call.sessionId }),
    createdAtMs: call.record.acceptAt,
  });
  await run(w.clock, 60_000);
  await call.closed;
  assert.equal((await cdrOf(storage, 8, call.sessionId))?.endStatus, 107);
  assert.deepEqual(await storage.callDialogs.ofSessions([call.sessionId]), [], 'finishSession deleted it');
});

test('a leg with nothing to release (undefined) stores nothing', async () => {
  const w = world(() => undefined);
  const call = await w.calls.dial(w.session(), flow, { maxRingMs: 60_000 });
  await run(w.clock, 2_000);
  await settle();
  assert.equal(call.record.status, 'inProgress');
  assert.deepEqual(w.asked, [call.sessionId]);
  assert.deepEqual(await storage.callDialogs.ofSessions([call.sessionId]), []);
  await run(w.clock, 60_000);
  await call.closed;
});

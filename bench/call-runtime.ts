// CPU per call of the call runtime alone (no HTTP): N calls through CallSupervisor on the sim
// carrier and a virtual clock, each ringing, answering, running a menu, taking a key and ending,
// with its session row, lifecycle events and CDR written to SQLite.
//   node --import tsx bench/call-runtime.ts        (BENCH_CALLS=N, default 20000)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { VirtualClock } from '../src/shared/clock.ts';
import { silentLogger } from '../src/shared/logger.ts';
import { openStorage } from '../src/storage/open-storage.ts';
import { SimCarrier } from '../src/telephony/sim/sim-carrier.ts';
import { simCarrierConfigSchema } from '../src/telephony/sim/sim-config.ts';
import { loadFlowFile } from '../src/app/flows/load-flow-file.ts';
import { CallSupervisor } from '../src/app/call/call-supervisor.ts';
import { ignoreSessions } from '../src/app/call/session-observer.ts';
import { newSessionRecord } from '../src/domain/session.ts';
const flow = loadFlowFile(resolve(import.meta.dirname, '../test/fixtures/flows/quick-menu.yaml'));
const storage = await openStorage({ kind: 'sqlite', path: join(mkdtempSync(join(tmpdir(), 'cb-')), 'db.sqlite') });
const clock = new VirtualClock();
const carrier = new SimCarrier(simCarrierConfigSchema.parse({ defaultOutcome: { kind: 'answer', ringSeconds: 1, digits: '1' } }), clock);
const calls = new CallSupervisor({ carrier, storage, clock, observer: ignoreSessions, logger: silentLogger });
const N = Number(process.env.BENCH_CALLS ?? 20000);
let n = 0;
const t0 = process.cpuUsage();
const all = [];
for (let b = 0; b < N / 200; b++) {
  for (let i = 0; i < 200; i++)
    all.push(
      calls.dial(
        newSessionRecord({
          sessionId: `s${n++}`,
          sdkAppId: 1,
          ivrId: 1,
          callee: '+8613800000000',
          calleeE164: '+8613800000000',
          caller: '+8610000000001',
          uui: '',
          variables: {},
          startedAt: clock.now(),
          requestId: 'r',
        }),
        flow,
        { maxRingMs: 60000 },
      ),
    );
  await Promise.all(all.splice(0));
  for (let k = 0; k < 40; k++) {
    clock.advance(500);
    await new Promise((r) => setImmediate(r));
  }
}
clock.runAll();
for (let k = 0; k < 20; k++) await new Promise((r) => setImmediate(r));
await calls.shutdown();
const u = process.cpuUsage(t0);
console.log(`${N} calls, ${((u.user + u.system) / N).toFixed(1)} µs CPU per call`);
await storage.close();

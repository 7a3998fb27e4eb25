import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../../../../src/shared/clock.ts';
import { silentLogger } from '../../../../src/shared/logger.ts';
import { loadConfigFile } from '../../../../src/app/config/load.ts';
import { openRuntime, type Runtime } from '../../../../src/app/runtime/open-runtime.ts';
import type { SessionLifecycleNotice } from '../../../../src/app/call/session-observer.ts';
import { SimCarrier } from '../../../../src/telephony/sim/sim-carrier.ts';
import { openStorage } from '../../../../src/storage/open-storage.ts';
import { buildWorld } from '../../../../src/app/world.ts';
import { CallSupervisor } from '../../../../src/app/call/call-supervisor.ts';
import { Readiness } from '../../../../src/app/observability/readiness.ts';
import { CdrReader } from '../../../../src/app/cdr-reader.ts';
import { KeyedMutex } from '../../../../src/app/keyed-mutex.ts';
import { CallerRotation } from '../../../../src/app/caller-rotation.ts';
import { CalleeAreaResolver } from '../../../../src/app/geo/callee-area-resolver.ts';
import type { AppContext } from '../../../../src/app/app-context.ts';
import { acceptInboundCall } from '../../../../src/app/use-cases/accept-inbound-call.ts';
import { openRecordings } from '../../../../src/app/runtime/open-recordings.ts';

export const APP = 1400000000;
export const INBOUND_IVR = 5000;
export const OUTBOUND_IVR = 5001;
/** Our number, as the config writes it; it routes inbound calls to INBOUND_IVR. */
export const OURS = '008610000000001';
export const REMOTE = '+8613800000000';

const FLOW = `
name: Inbound hello
start: menu
nodes:
  menu:
    type: menu
    label: Main menu
    prompt: { text: "Press one" }
    options:
      "1": { next: bye, label: sales }
      "2": { next: bye, label: support }
    timeoutSeconds: 5
    retries: 0
    onFailure: bye
  bye:
    type: hangup
`;

function writeWorld(simYaml = '', recordInbound = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'openccc-inbound-'));
  writeFileSync(join(dir, 'hello.yaml'), FLOW);
  writeFileSync(
    join(dir, 'world.yaml'),
    `
server: { dataDir: ./data }
credentials: [{ secretId: AKIDinboundTest00000001, secretKey: inboundTestSecretKey0001 }]
apps:
  - sdkAppId: ${APP}
    edition: advanced
    packageExpiresAt: "2099-01-01"
    credentials: [AKIDinboundTest00000001]
    numbers:
      - { number: "${OURS}", inboundIvrId: ${INBOUND_IVR} }
      - { number: "008610000000002" }
    ivrs:
      - { id: ${INBOUND_IVR}, name: Hello, type: inbound, flow: hello.yaml${recordInbound ? ', record: true' : ''} }
      - { id: ${OUTBOUND_IVR}, name: Out, type: autoOutbound, flow: hello.yaml }
carrier:
  kind: sim
  sim:
    transferSeconds: 1
    defaultOutcome: { kind: answer, ringSeconds: 1, digits: "2" }
${simYaml}
`,
  );
  return dir;
}

const START = Date.UTC(2026, 0, 5, 2, 0, 0);

/**
 * The app layer as the server wires it (world, SQLite, supervisor, inbound routing through
 * acceptInboundCall), with the sim carrier in the test's hands so it can offer calls.
 */
export async function openInboundWorld(opts: { recordInbound?: boolean } = {}) {
  const dir = writeWorld('', opts.recordInbound);
  const loaded = loadConfigFile(join(dir, 'world.yaml'));
  const clock = new VirtualClock(START);
  const notices: SessionLifecycleNotice[] = [];
  const carrier = new SimCarrier(loaded.config.carrier.sim!, clock);
  const storage = await openStorage({ kind: 'sqlite', path: join(dir, 'db.sqlite') });
  const cdrs = new CdrReader(storage);
  const world = buildWorld(loaded);
  const { recordings } = await openRecordings({ world, dataDir: join(dir, 'data'), storage, clock, logger: silentLogger });
  const calls = new CallSupervisor({
    carrier,
    storage,
    clock,
    observer: { publish: (n) => notices.push(n) },
    logger: silentLogger,
    onCdrWriting: (r) => cdrs.writing(r.sdkAppId),
    onClosed: ({ record, durable }) => durable && cdrs.written(record),
    recordings,
  });
  const app: AppContext = {
    world,
    storage,
    clock,
    logger: silentLogger,
    calls,
    admission: new KeyedMutex(),
    callers: new CallerRotation(),
    areas: new CalleeAreaResolver(),
    cdrs,
    recordings,
    metrics: [],
    readiness: new Readiness({ storage, carrier, calls, clock }),
  };
  const accepted: Promise<void>[] = [];
  carrier.on('incoming', (incoming) => accepted.push(acceptInboundCall(app, incoming)));
  return {
    dir,
    clock,
    app,
    storage,
    carrier,
    calls,
    notices,
    /** Every acceptInboundCall so far, settled. */
    accepted: () => Promise.all(accepted),
    /** Session ids in the order they were admitted. */
    created: () => notices.filter((n) => n.type === 'session.created').map((n) => n.session.sessionId),
    async close() {
      await calls.shutdown();
      await carrier.close();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The same world through openRuntime, with `carrier.sim.inbound` scripting the calls. */
export async function openScriptedRuntime(inboundYaml: string) {
  const dir = writeWorld(inboundYaml);
  const clock = new VirtualClock(START);
  const notices: SessionLifecycleNotice[] = [];
  const runtime: Runtime = await openRuntime({
    loaded: loadConfigFile(join(dir, 'world.yaml')),
    clock,
    logger: silentLogger,
    observer: { publish: (n) => notices.push(n) },
  });
  return {
    clock,
    runtime,
    notices,
    async close() {
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Lets storage's real I/O settle: a few turns of the event loop. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

/** Advances virtual time in steps, letting storage settle between them; `each` runs after every step. */
export async function run(clock: VirtualClock, ms: number, stepMs = 250, each?: () => Promise<void>): Promise<void> {
  for (let t = 0; t < ms; t += stepMs) {
    clock.advance(stepMs);
    await settle();
    await each?.();
  }
}

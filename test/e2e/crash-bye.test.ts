// A crash with a call up (issue 14): openccc is SIGKILLed while SIPp holds an answered call; the next start on the same
// data dir sends the BYE from the dialog it stored at answer (SIPp exits 0 only once it got it) and the CDR says 208.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import tencentcloud from 'tencentcloud-sdk-nodejs';
import { randomRtpRange, scenario, udpPortTaken } from '../telephony/sip/carrier/support.ts';
import { HAS_SIPP, REPO, skipUnless } from './support/peers.ts';
import { freeUdpPort, runSipp, type SippRun } from './support/sipp.ts';
import { freePort } from '../../src/cli/demo/baresip-softphone.ts';

const skip = skipUnless(HAS_SIPP, 'sipp is not installed (apt-get install sip-tester)');
const SECRET_ID = 'AKIDcrashByeTest0000000000000001';
const SECRET_KEY = 'crashByeTestSecretKey000000000001';
const APP = 1400000000;
const INBOUND_NUMBER = '008610000000077';
const CHIME = resolve(REPO, 'examples/flows/sounds/chime.wav');

/** A world on the sip carrier whose IVRs (outbound and inbound) play a chime, then wait a minute for a key: the call stays up. */
function writeWorld(dir: string, trunkPort: number, sipPort: number): string {
  const flow = join(dir, 'wait.yaml');
  writeFileSync(
    flow,
    `name: Wait
start: menu
nodes:
  menu:
    type: menu
    prompt: { audio: ${JSON.stringify(CHIME)} }
    options: { '1': { next: bye } }
    timeoutSeconds: 60
    retries: 0
    onFailure: bye
  bye:
    type: hangup
`,
  );
  const { portMin, portMax } = randomRtpRange();
  const file = join(dir, 'world.yaml');
  writeFileSync(
    file,
    `server: { dataDir: ${JSON.stringify(join(dir, 'data'))} }
credentials: [{ secretId: ${SECRET_ID}, secretKey: ${SECRET_KEY} }]
apps:
  - sdkAppId: ${APP}
    edition: advanced
    packageExpiresAt: "2099-01-01"
    credentials: [${SECRET_ID}]
    numbers: [{ number: "008610000000001" }, { number: "${INBOUND_NUMBER}", callout: false, inboundIvrId: 4700 }]
    ivrs:
      - { id: 4500, name: Wait, type: autoOutbound, flow: ${JSON.stringify(flow)} }
      - { id: 4700, name: Wait in, type: inbound, flow: ${JSON.stringify(flow)} }
limits: { default: 1000 }
carrier:
  kind: sip
  sip:
    listen: 127.0.0.1:${sipPort}
    host: 127.0.0.1
    port: ${trunkPort}
    transport: udp
    calleeFormat: e164
    keepaliveSeconds: 0
    rtp: { portMin: ${portMin}, portMax: ${portMax} }
`,
  );
  return file;
}

/** `openccc serve` as a real process; resolves with its API URL once it listens. */
async function serve(world: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [join(REPO, 'bin/openccc.mjs'), 'serve', '-c', world, '-l', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, OPENCCC_LOG_LEVEL: 'info' },
  });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`openccc did not start:\n${out}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    });
    child.on('exit', (code) => rej(new Error(`openccc exited ${code}:\n${out}`)));
  });
  return { child, url, output: () => out };
}

const clientOf = (url: string) =>
  new tencentcloud.ccc.v20200210.Client({
    credential: { secretId: SECRET_ID, secretKey: SECRET_KEY },
    region: 'ap-guangzhou',
    profile: { httpProfile: { endpoint: url.replace(/^http:\/\//, ''), protocol: 'http://', reqTimeout: 10 } },
  });

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Crash {
  dir: string;
  world: string;
  sipPort: number;
  sippPort: number;
  later: (p: ChildProcess) => void;
}

/** A data dir and world for one crash, whose processes are killed and files removed when the test ends. */
async function crashSetup(t: { after: (fn: () => void) => void }): Promise<Crash> {
  const dir = mkdtempSync(join(tmpdir(), 'openccc-crash-bye-'));
  const procs: ChildProcess[] = [];
  t.after(() => {
    for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  // openccc's UA binds UDP and TCP on its SIP port: the port must be free for both.
  const [sippPort, sipPort] = [await freeUdpPort(), await freePort()];
  // One SIP port for both runs, as a configured server has: SIPp answers the BYE to where the INVITE went or came from.
  return { dir, world: writeWorld(dir, sippPort, sipPort), sipPort, sippPort, later: (p) => procs.push(p) };
}

/** Waits until the session is up, then kills the server the hard way (no BYE, no CDR) once the dialog row is written. */
async function killWithCallUp(server: { child: ChildProcess; url: string }, sessionOf: (s: ActiveSession) => boolean): Promise<string> {
  const api = clientOf(server.url);
  const sessionId = await until('the call to be answered', 15_000, async () => {
    const { Sessions } = await api.DescribePSTNActiveSessionList({ SdkAppId: APP, Offset: 0, Limit: 25 });
    return Sessions?.find((s) => s.SessionStatus === 'inProgress' && sessionOf(s))?.SessionID;
  });
  await new Promise((r) => setTimeout(r, 1000)); // the dialog row is queued right after the inProgress save, not before it
  server.child.kill('SIGKILL');
  await new Promise((r) => server.child.once('exit', r));
  return sessionId;
}

type ActiveSession = { SessionID?: string; SessionStatus?: string; Direction?: number };

/** After the restart: SIPp got its BYE and answered it, the log says so, and the CDR is 208. */
async function assertReleased(
  sipp: Promise<SippRun>,
  second: { child: ChildProcess; url: string; output: () => string },
  sessionId: string,
) {
  const r = await sipp;
  assert.equal(r.code, 0, `SIPp got no BYE:\n${r.output}\n--- openccc:\n${second.output()}`);
  const api = clientOf(second.url);
  const cdr = await until('the CDR', 10_000, async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await api.DescribeTelCdr({
      SdkAppId: APP,
      StartTimeStamp: now - 600,
      EndTimeStamp: now + 60,
      PageSize: 10,
      PageNumber: 0,
      SessionIds: [sessionId],
    });
    return res.TelCdrList?.[0];
  });
  assert.equal(cdr.EndStatus, 208);
  assert.equal(cdr.HungUpSide, 'system');
  assert.match(second.output(), /"released":true,"detail":"BYE \(UDP 127\.0\.0\.1:\d+, Call-ID [^)]+\) answered 200"/);
  assert.match(second.output(), /"stored":1,"released":1,"msg":"told the far ends of calls left up by an earlier run"/);
  second.child.kill('SIGTERM');
  await new Promise((r) => second.child.once('exit', r));
}

// SIPp waits 45 s at most for the BYE (two starts on a loaded machine); over runSipp's own 15 s: the later option wins.
const LONG = ['-timeout', '60s'];

test(
  'outbound: SIGKILL with the callee answered; the next start BYEs it from the stored dialog, and the CDR says 208',
  { skip, timeout: 90_000 },
  async (t) => {
    const c = await crashSetup(t);
    const sink = ['-key', 'rtp_sink', String(await freeUdpPort())];
    const sipp = runSipp(scenario('uas-answer-wait-restart-bye.xml'), c.sippPort, undefined, [...LONG, ...sink]);
    await udpPortTaken(c.sippPort);
    const first = await serve(c.world);
    c.later(first.child);
    const { SessionId } = await clientOf(first.url).CreateIVRSession({
      SdkAppId: APP,
      Callee: '+8613800000001',
      IVRId: 4500,
      Callers: ['008610000000001'],
    });
    assert.ok(SessionId);
    await killWithCallUp(first, (s) => s.SessionID === SessionId);
    const second = await serve(c.world);
    c.later(second.child);
    await assertReleased(sipp, second, SessionId);
  },
);

test(
  "inbound: SIGKILL with the caller answered; the next start BYEs it (as the dialog's UAS), and the CDR says 208",
  { skip, timeout: 90_000 },
  async (t) => {
    const c = await crashSetup(t);
    const first = await serve(c.world);
    c.later(first.child);
    const sipp = runSipp(scenario('uac-call-wait-restart-bye.xml'), await freeUdpPort(), `127.0.0.1:${c.sipPort}`, [
      ...LONG,
      ...['-s', INBOUND_NUMBER],
    ]);
    const sessionId = await killWithCallUp(first, (s) => s.Direction === 0);
    const second = await serve(c.world);
    c.later(second.child);
    await assertReleased(sipp, second, sessionId);
  },
);

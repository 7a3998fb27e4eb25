import { test } from 'node:test';
import assert from 'node:assert/strict';
import tencentcloud from 'tencentcloud-sdk-nodejs';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { loadConfigFile } from '../../src/app/config/load.ts';
import type { CallTrace } from '../../src/domain/call-trace.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { startServer } from '../../src/cli/start-server.ts';
import { scrape } from '../contract/support/scrape.ts';
import { sipCarrierConfigSchema } from '../../src/telephony/sip/sip-config.ts';
import { resolvePluginEntry } from '../../src/media/tts/plugin-entry.ts';
import { APP, CALLERS, INBOUND_NUMBER, IVR, SECRET_ID, SECRET_KEY, writeTestWorld } from '../contract/support/test-world.ts';
import { randomRtpRange, scenario, udpPortTaken } from '../telephony/sip/carrier/support.ts';
import { HAS_SIPP, REQUIRED } from './support/peers.ts';
import { freeUdpPort, runSipp } from './support/sipp.ts';
import { freePort } from '../../src/cli/demo/baresip-softphone.ts';
import { newRedisNamespace, redisUrl, whenRedis } from '../support/redis-target.ts';

// The product end to end: the official SDK calls CreateIVRSession on a `sip` world, SIPp is the trunk
// on 127.0.0.1 (callee and inbound caller), and the CDR says what happened (issue 14 items 1-4, 8).
// The contract world's flow greets with text, so the TTS plug-in must be installed too.
const HAS_TTS = resolvePluginEntry().ok;
const skip = (HAS_SIPP && HAS_TTS) || REQUIRED ? false : 'needs sipp and the @openccc/tts-espeak plug-in';

type Cdr = {
  SessionId?: string;
  EndStatus?: number;
  Direction?: number;
  Caller?: string;
  Callee?: string;
  IVRKeyPressed?: string[];
  Duration?: number;
  RingTimestamp?: number;
  AcceptTimestamp?: number;
  EndedTimestamp?: number;
  HungUpSide?: string;
};

async function sipWorld(trunkPort: number, sipPort = 0, trunk: Record<string, unknown> = {}, redis?: { url: string; namespace: string }) {
  const world = writeTestWorld({ inbound: '[]' });
  const loaded = loadConfigFile(world.file);
  // carrier.sip as the world file would give it, parsed by its schema (defaults applied).
  const sip = sipCarrierConfigSchema.parse({
    host: '127.0.0.1',
    port: trunkPort,
    listen: `127.0.0.1:${sipPort}`,
    rtp: randomRtpRange(),
    ...trunk,
  });
  loaded.config.carrier = { kind: 'sip', sip };
  if (redis) loaded.config.redis = redis; // the trunk's limits shared with every server on it
  const server = await startServer({ loaded, listen: '127.0.0.1:0', logger: silentLogger });
  const client = new tencentcloud.ccc.v20200210.Client({
    credential: { secretId: SECRET_ID, secretKey: SECRET_KEY },
    region: 'ap-guangzhou',
    profile: { httpProfile: { endpoint: `127.0.0.1:${server.port}`, protocol: 'http://', reqTimeout: 10 } },
  });
  const cdrOf = async (sessionId: string | undefined, direction: number): Promise<Cdr> => {
    const now = Math.floor(Date.now() / 1000);
    const until = Date.now() + 15_000;
    for (;;) {
      const res = await client.DescribeTelCdr({
        SdkAppId: APP,
        StartTimeStamp: now - 600,
        EndTimeStamp: now + 60,
        PageSize: 10,
        PageNumber: 0,
        ...(sessionId ? { SessionIds: [sessionId] } : {}),
      });
      const cdr = res.TelCdrList?.find((c) => c.Direction === direction);
      if (cdr) return cdr as Cdr;
      if (Date.now() > until) assert.fail(`no CDR for ${sessionId ?? 'the inbound call'}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const untilStatus = async (sessionId: string, status: string): Promise<void> => {
    const until = Date.now() + 8000;
    for (;;) {
      const { Sessions } = await client.DescribePSTNActiveSessionList({ SdkAppId: APP, Offset: 0, Limit: 25 });
      const live = Sessions?.find((s) => s.SessionID === sessionId);
      // 'ringing' is also what TCCC calls a call still dialing: the line rang once RingTimestamp is set.
      if (live?.SessionStatus === status && (status !== 'ringing' || Number(live.RingTimestamp) > 0)) return;
      if (Date.now() > until) assert.fail(`session ${sessionId} never became ${status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  /** The call trace the app stored beside the CDR (CallLeg.trace, written shortly after the CDR). */
  const traceOf = async (sessionId: string): Promise<CallTrace> => {
    const until = Date.now() + 8000;
    for (;;) {
      const stored = await server.app.storage.traces.get(sessionId);
      if (stored) return stored.trace;
      if (Date.now() > until) assert.fail(`no trace stored for ${sessionId}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return {
    client,
    url: server.url,
    cdrOf,
    traceOf,
    worldFile: world.file,
    untilStatus,
    /** Stops the server but keeps the world's files (the CLI reads its SQLite file once nobody holds it). */
    stopServer: () => server.close(),
    async stop() {
      await server.close();
      world.cleanup();
    },
  };
}

test(
  'CreateIVRSession through the official SDK places a real call: SIPp answers and presses 1, the CDR has the key and ivrEnd',
  { skip },
  async () => {
    const sippPort = await freeUdpPort();
    const w = await sipWorld(sippPort);
    try {
      const sink = await freeUdpPort(); // the callee's SDP address until its own RTP latches us
      const sipp = runSipp(scenario('uas-answer-dtmf.xml'), sippPort, undefined, ['-key', 'rtp_sink', String(sink)]);
      await udpPortTaken(sippPort);
      const { SessionId } = await w.client.CreateIVRSession({
        SdkAppId: APP,
        Callee: '+8613800000001',
        IVRId: IVR,
        Callers: [CALLERS[0]!],
      });
      const r = await sipp;
      assert.equal(r.code, 0, r.output);
      const cdr = await w.cdrOf(SessionId, 1);
      assert.equal(cdr.EndStatus, 107);
      assert.deepEqual(cdr.IVRKeyPressed, ['1']);
      assert.equal(cdr.Callee, '+8613800000001');
      assert.equal(cdr.HungUpSide, 'system');
      // SIPp presses 1 a second after its ACK; the menu then ends the call at once.
      assert.ok(cdr.Duration! >= 1 && cdr.Duration! <= 3, `Duration ${cdr.Duration}`);
      assert.ok(cdr.RingTimestamp! > 0 && cdr.AcceptTimestamp! >= cdr.RingTimestamp! && cdr.EndedTimestamp! >= cdr.AcceptTimestamp!);

      // The sip leg's trace (issue 14 item 7): the whole ladder with directions, and our RTP figures.
      const trace = await w.traceOf(SessionId!);
      const ladder = trace.sip.map((e) => `${e.direction} ${e.startLine.split(' ').slice(0, 2).join(' ')} ${e.cseq}`);
      const calleeUri = ladder[0]!.split(' ')[2]!;
      assert.match(calleeUri, /^sip:\+?\d+@127\.0\.0\.1/);
      const lines = trace.sip.map((e) => [
        e.direction,
        /^SIP\/2\.0 (\d+)/.exec(e.startLine)?.[1] ?? e.startLine.split(' ')[0],
        e.cseq.split(' ')[1],
      ]);
      assert.deepEqual(
        lines.filter(([, what]) => what !== '100'),
        [
          ['out', 'INVITE', 'INVITE'],
          ['in', '180', 'INVITE'],
          ['in', '200', 'INVITE'],
          ['out', 'ACK', 'ACK'],
          ['out', 'BYE', 'BYE'],
          ['in', '200', 'BYE'],
        ],
        ladder.join('\n'),
      );
      assert.equal(new Set(trace.sip.map((e) => e.callId)).size, 1);
      assert.equal(trace.sipDropped, 0);
      assert.ok(trace.media, 'media figures');
      assert.ok(trace.media.packetsSent > 0, `packetsSent ${trace.media.packetsSent}`);
      assert.equal(trace.media.codec, 'PCMU/8000');
      // /metrics shows the call: its CDR by EndStatus, the SIP carrier's counters, its RTP once its media closed.
      const m = await scrape(w.url);
      assert.equal(m.value('openccc_calls_ended_total', { end_status: 'ivrEnd' }), 1);
      assert.ok(m.value('openccc_rtp_packets_sent_total')! >= trace.media.packetsSent, m.text);
      assert.ok(m.value('openccc_sip_responses_received_total')! >= 3, m.text);
      assert.equal(m.value('openccc_rtp_sessions'), 0);

      // ... and `openccc calls show` prints it from the world's storage (once the server let go of its SQLite file).
      await w.stopServer();
      const bin = resolve(import.meta.dirname, '../../bin/openccc.mjs');
      const shown = spawnSync(process.execPath, [bin, 'calls', 'show', SessionId!, '--config', w.worldFile], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(shown.status, 0, shown.stderr);
      assert.match(shown.stdout, /INVITE/);
      assert.match(shown.stdout, /BYE/);
      assert.match(shown.stdout, /PCMU\/8000/);
    } finally {
      await w.stop();
    }
  },
);

test('CreateIVRSession to a busy callee: CDR EndStatus 206 busy', { skip }, async () => {
  const sippPort = await freeUdpPort();
  const w = await sipWorld(sippPort);
  try {
    const sipp = runSipp(scenario('uas-reject.xml').replaceAll('[status]', '486 Busy Here'), sippPort);
    await udpPortTaken(sippPort);
    const { SessionId } = await w.client.CreateIVRSession({ SdkAppId: APP, Callee: '+8613800000001', IVRId: IVR });
    const r = await sipp;
    assert.equal(r.code, 0, r.output);
    assert.equal((await w.cdrOf(SessionId, 1)).EndStatus, 206);
    const m = await scrape(w.url);
    assert.equal(m.value('openccc_calls_ended_total', { end_status: 'busy' }), 1);
    assert.ok(m.value('openccc_sip_responses_received_total')! >= 1, m.text);
  } finally {
    await w.stop();
  }
});

test(
  'SIPp calls our inbound number: a Direction 0 session runs the inbound IVR, and our BYE ends it when the IVR does',
  { skip },
  async () => {
    const sipPort = await freePort(); // the UA binds UDP and TCP on it: free for both
    const w = await sipWorld(await freeUdpPort(), sipPort);
    try {
      const r = await runSipp(scenario('uac-call-wait-bye.xml'), await freeUdpPort(), `127.0.0.1:${sipPort}`, ['-s', INBOUND_NUMBER]);
      assert.equal(r.code, 0, r.output);
      const cdr = await w.cdrOf(undefined, 0);
      assert.equal(cdr.Caller, '+8613800000042');
      assert.equal(cdr.Callee, INBOUND_NUMBER);
      // Nobody presses a key: the menu waits its 3 s, then the flow says goodbye and hangs up (BYE from us).
      assert.equal(cdr.EndStatus, 107);
      assert.deepEqual(cdr.IVRKeyPressed, []);
      assert.ok(cdr.Duration! >= 3 && cdr.Duration! <= 6, `Duration ${cdr.Duration}`);
      // The inbound leg's trace starts at the INVITE that passed the tap before the carrier saw it.
      const trace = await w.traceOf(cdr.SessionId!);
      const lines = trace.sip.map((e) => `${e.direction} ${/^SIP\/2\.0 (\d+)/.exec(e.startLine)?.[1] ?? e.startLine.split(' ')[0]}`);
      const kept = lines.filter((l) => !/ (100|180|183)$/.test(l));
      assert.deepEqual(kept, ['in INVITE', 'out 200', 'in ACK', 'out BYE', 'in 200'], lines.join('\n'));
      assert.ok(trace.media && trace.media.packetsSent > 0, JSON.stringify(trace.media));
    } finally {
      await w.stop();
    }
  },
);

test('a full trunk queue answers CreateIVRSession with FailedOperation.CallOutFailed at once', { skip }, async () => {
  const sippPort = await freeUdpPort();
  const w = await sipWorld(sippPort, 0, { maxConcurrentCalls: 1, queueSeconds: 0 });
  try {
    const sipp = runSipp(scenario('uas-no-answer.xml'), sippPort);
    await udpPortTaken(sippPort);
    const { SessionId } = await w.client.CreateIVRSession({ SdkAppId: APP, Callee: '+8613800000001', IVRId: IVR });
    const code = await w.client.CreateIVRSession({ SdkAppId: APP, Callee: '+8613800000002', IVRId: IVR }).then(
      () => 'no error',
      (err: { code?: string }) => err.code,
    );
    assert.equal(code, 'FailedOperation.CallOutFailed');
    await w.untilStatus(SessionId!, 'ringing'); // the INVITE is out: shutdown must CANCEL it
    await w.stop(); // shutdown CANCELs the ringing call: SIPp sees CANCEL, answers 487, gets its ACK
    const r = await sipp;
    assert.equal(r.code, 0, r.output);
  } finally {
    await w.stop();
  }
});

test('server shutdown with an answered call sends BYE to the callee', { skip }, async () => {
  const sippPort = await freeUdpPort();
  const w = await sipWorld(sippPort);
  try {
    const sipp = runSipp(scenario('uas-answer-wait-bye.xml'), sippPort);
    await udpPortTaken(sippPort);
    const { SessionId } = await w.client.CreateIVRSession({ SdkAppId: APP, Callee: '+8613800000001', IVRId: IVR });
    await w.untilStatus(SessionId!, 'inProgress');
    await w.stop();
    const r = await sipp;
    assert.equal(r.code, 0, r.output);
  } finally {
    await w.stop();
  }
});

await whenRedis('a trunk shared by two servers through Redis', () => {
  test('a trunk full across two servers (callsPerSecond queued beyond queueSeconds) answers CallOutFailed at once', { skip }, async () => {
    const sippPort = await freeUdpPort();
    // One call a second, a half-second queue: the trunk's second call within the second is refused outright.
    const trunk = { maxConcurrentCalls: 10, callsPerSecond: 1, queueSeconds: 0.5 };
    const redis = { url: redisUrl, namespace: newRedisNamespace() }; // the two servers share it, no other test does
    const a = await sipWorld(sippPort, 0, trunk, redis);
    const b = await sipWorld(sippPort, 0, trunk, redis);
    try {
      const sipp = runSipp(scenario('uas-no-answer.xml'), sippPort);
      await udpPortTaken(sippPort);
      const { SessionId } = await a.client.CreateIVRSession({ SdkAppId: APP, Callee: '+8613800000001', IVRId: IVR });
      const refused = await b.client.CreateIVRSession({ SdkAppId: APP, Callee: '+8613800000002', IVRId: IVR }).then(
        () => 'no error',
        (err: { code?: string; message?: string }) => `${err.code}: ${err.message}`,
      );
      assert.match(refused, /^FailedOperation\.CallOutFailed: .*across the cluster/);
      await a.untilStatus(SessionId!, 'ringing');
      await a.stop(); // CANCELs the ringing call: SIPp sees CANCEL, answers 487, gets its ACK
      const r = await sipp;
      assert.equal(r.code, 0, r.output);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});

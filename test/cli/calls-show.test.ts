import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { SystemClock } from '../../src/shared/clock.ts';
import type { CallTrace } from '../../src/domain/call-trace.ts';
import { LifecycleSequence } from '../../src/domain/lifecycle-event.ts';
import { newSessionRecord, type SessionRecord } from '../../src/domain/session.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import { SipTraceRouter, mediaFiguresOf } from '../../src/telephony/call-trace.ts';
import { Pacer } from '../../src/telephony/rtp/engine/pacer.ts';
import { PortPool } from '../../src/telephony/rtp/engine/port-pool.ts';
import { RtpSession } from '../../src/telephony/rtp/engine/rtp-session.ts';
import { UserAgentCore } from '../../src/telephony/sip/ua/index.ts';
import { SessionManager } from '../../src/telephony/sip/ua/session/index.ts';
import { writeTestWorld } from '../contract/support/test-world.ts';

// `openccc calls show` end to end: a real call between two UAs of our stack over loopback (INVITE,
// 200, ACK, BYE, 200) with a real RTP session pair, its trace stored in the world's real SQLite
// file beside a finished session, then the CLI run as a process and its output read.
const BIN = resolve(import.meta.dirname, '../../bin/openccc.mjs');
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 });
const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=sendrecv\r\n';

let w: ReturnType<typeof writeTestWorld>;
let trace: CallTrace;
let calleePort: number;
const ANSWERED = 'cli-trace-answered-0000000000000001';
const BUSY = 'cli-trace-busy-00000000000000000001';

/** A real call over loopback as the caller's UA saw it, with media figures from a real RTP pair. */
async function recordCall(): Promise<CallTrace> {
  const clock = new SystemClock();
  const timers = { t1: 50, t4: 100 };
  const callee = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock, timers });
  const caller = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock, timers });
  calleePort = callee.port;
  try {
    const calleeSessions = new SessionManager(callee, { t1Ms: 50 });
    const callerSessions = new SessionManager(caller, { t1Ms: 50 });
    callee.onInvite = (inv) => void calleeSessions.answer(inv, SDP);
    const router = new SipTraceRouter();
    router.attach(caller);
    const out = callerSessions.call({
      destination: { transport: 'UDP', host: '127.0.0.1', port: callee.port },
      uri: `sip:+8613800000000@127.0.0.1:${callee.port}`,
      sdp: SDP,
    });
    const ladder = router.open(out.uac.callId);
    const session = await out.session;
    assert.ok(session, 'answered');

    const now = () => performance.timeOrigin + performance.now();
    const pool = new PortPool({ portMin: 51200, portMax: 51299 });
    const rtp = async (remotePort?: number) => {
      const media = {
        law: 'pcmu' as const,
        payloadType: 0,
        ...(remotePort === undefined ? {} : { remoteAddress: '127.0.0.1', remotePort }),
      };
      const r = await RtpSession.open({ address: '127.0.0.1', pool, pacer: new Pacer({ now }), media, now });
      assert.ok(r.ok);
      return r.session;
    };
    const ours = await rtp();
    const theirs = await rtp(ours.port);
    const deadline = Date.now() + 5000;
    while (ours.stats().packetsReceived < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const media = mediaFiguresOf(ours.stats(), { codec: 'PCMU/8000', local: `127.0.0.1:${ours.port}`, remote: `127.0.0.1:${theirs.port}` });
    await Promise.all([ours.close(), theirs.close()]);

    await session.hangup();
    while (caller.liveTransactions + callee.liveTransactions > 0) await new Promise((r) => setTimeout(r, 10));
    router.close(ladder);
    return ladder.trace(media);
  } finally {
    await Promise.all([caller.close(), callee.close()]);
  }
}

function finished(sessionId: string, over: Partial<SessionRecord>): SessionRecord {
  const t0 = Date.UTC(2026, 0, 5, 2, 0, 0);
  return {
    ...newSessionRecord({
      sessionId,
      sdkAppId: 1400000000,
      ivrId: 4500,
      callee: '008613800000000',
      calleeE164: '+8613800000000',
      caller: '008610000000001',
      uui: '',
      variables: {},
      startedAt: t0,
      requestId: 'r-1',
    }),
    status: 'finished',
    ...over,
  };
}

before(async () => {
  w = writeTestWorld();
  trace = await recordCall();
  const storage = await openStorage({ kind: 'sqlite', path: join(w.dir, 'data', 'openccc.db') });
  try {
    const t0 = Date.UTC(2026, 0, 5, 2, 0, 0);
    const answered = finished(ANSWERED, {
      ringAt: t0 + 800,
      acceptAt: t0 + 3_000,
      endedAt: t0 + 33_000,
      ivrEndedAt: t0 + 33_000,
      endStatus: 1,
      hungUpSide: 'user',
      lineOutcome: { reason: 'remote BYE' },
      keyPresses: [{ key: '1', label: 'confirmed', timestampMs: t0 + 9_000 }],
    });
    const seq = new LifecycleSequence(ANSWERED);
    const events = [
      seq.next('session.created', answered, t0),
      seq.next('session.ringing', answered, t0 + 800),
      seq.next('session.answered', answered, t0 + 3_000),
      seq.next('session.keyPressed', answered, t0 + 9_000),
      seq.next('session.ended', answered, t0 + 33_000),
    ];
    await storage.finishSession(answered, events);
    await storage.traces.save(ANSWERED, trace, t0 + 33_000);
    const busy = finished(BUSY, {
      endedAt: t0 + 2_000,
      endStatus: 206,
      hungUpSide: 'user',
      lineOutcome: { reason: 'Busy Here', sipStatus: 486, q850Cause: 17 },
    });
    await storage.finishSession(busy, [new LifecycleSequence(BUSY).next('session.ended', busy, t0 + 2_000)]);
  } finally {
    await storage.close();
  }
});
after(() => w.cleanup());

test('calls show prints the session, its events, the SIP ladder as arrows and the media figures', () => {
  const r = cli('calls', 'show', ANSWERED, '--config', w.file);
  assert.equal(r.status, 0, r.stderr);
  const o = r.stdout;
  assert.match(o, new RegExp(`^Session ${ANSWERED}\\n`));
  assert.match(o, /direction {2}outbound \(1\)/);
  assert.match(o, /callee {5}008613800000000 \(\+8613800000000\)/);
  assert.match(o, /EndStatus {2}1 ok/);
  assert.match(o, /line {7}remote BYE/);
  assert.match(o, /answered {3}2026-01-05T02:00:03\.000Z \(\+3\.000s\)/);
  assert.match(o, /ended {6}2026-01-05T02:00:33\.000Z \(\+33\.000s\), talked 30\.000 s/);
  assert.match(o, /2026-01-05T02:00:09\.000Z +\+9\.000s {2}session\.keyPressed 1 \(confirmed\)/);
  assert.match(o, /session\.ended 1 ok, hung up by user/);
  // The ladder, from openccc's side, retransmissions aside (a loaded machine may resend the 200 and its ACK).
  const ladder = o
    .split('\n')
    .filter((l) => l.includes('openccc ──▶') || l.includes('openccc ◀──'))
    .map((l) => /openccc (──▶|◀──) (\S+) +(.+?) {2}\[UDP, \d+ B\]$/.exec(l)?.slice(1, 4).join(' '))
    .filter((l, i, all) => all.indexOf(l) === i);
  const far = `127.0.0.1:${calleePort}`;
  assert.deepEqual(ladder, [
    `──▶ ${far} INVITE sip:+8613800000000@${far} SIP/2.0`,
    `◀── ${far} SIP/2.0 200 OK (1 INVITE)`,
    `──▶ ${far} ACK sip:openccc@${far} SIP/2.0`, // a 2xx ACK goes to the remote target too (§13.2.2.4)
    `──▶ ${far} BYE sip:openccc@${far} SIP/2.0`, // to the callee's Contact (§12.2.1.1)
    `◀── ${far} SIP/2.0 200 OK (2 BYE)`,
  ]);
  assert.match(o, new RegExp(`SIP ladder \\(${trace.sip.length} messages\\)`));
  assert.match(o, /\d\d:\d\d:\d\d\.\d{3} +\+0\.000s {2}openccc ──▶/, 'time of day and time since the first message');
  const m = trace.media!;
  assert.ok(m.packetsReceived >= 10);
  assert.match(o, /PCMU\/8000, local 127\.0\.0\.1:\d+, remote 127\.0\.0\.1:\d+/);
  assert.match(o, new RegExp(`sent {7}${m.packetsSent} packets, ${m.octetsSent} bytes`));
  assert.match(o, new RegExp(`received {3}${m.packetsReceived} packets, lost ${m.packetsLost} \\(\\d+\\.\\d%\\), jitter \\d+\\.\\d ms`));
  assert.match(o, /latched {4}yes/);
  assert.doesNotMatch(o, /v=0/, 'message texts only with --messages');
});

test('--messages prints each kept message, the INVITE with its SDP', () => {
  const r = cli('calls', 'show', ANSWERED, '--data-dir', join(w.dir, 'data'), '--messages');
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stdout,
    /--- #1 sent to 127\.0\.0\.1:\d+ at [^\n]+\nINVITE sip:\+8613800000000@[^\n]+\nVia: SIP\/2\.0\/UDP [\s\S]*?\n\nv=0\n/,
  );
  assert.match(r.stdout, /--- #\d+ received from [^\n]+\nSIP\/2\.0 200 OK\n/);
});

test('--json gives the stored session, events and trace as they are', () => {
  const r = cli('calls', 'show', ANSWERED, '--config', w.file, '--json');
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout) as {
    session: SessionRecord;
    events: { type: string }[];
    trace: { trace: CallTrace; createdAtMs: number };
  };
  assert.equal(j.session.sessionId, ANSWERED);
  assert.deepEqual(
    j.events.map((e) => e.type),
    ['session.created', 'session.ringing', 'session.answered', 'session.keyPressed', 'session.ended'],
  );
  assert.deepStrictEqual(j.trace.trace, trace);
});

test('a call without a trace (a sim call) shows its line outcome and says it has no trace', () => {
  const r = cli('calls', 'show', BUSY, '--config', w.file);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /EndStatus {2}206 busy/);
  assert.match(r.stdout, /line {7}SIP 486, Q\.850 cause 17, Busy Here/);
  assert.match(r.stdout, /No call trace: only calls on the sip carrier keep one \(simulated calls have none\)\./);
});

test('unknown session, missing database, missing options: clear messages and exit codes', () => {
  const unknown = cli('calls', 'show', 'no-such-session', '--config', w.file);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /no session no-such-session in this database/);
  const noDb = cli('calls', 'show', ANSWERED, '--data-dir', join(w.dir, 'nowhere'));
  assert.equal(noDb.status, 1);
  assert.match(noDb.stderr, /no database at .*nowhere.openccc\.db/);
  const usage = cli('calls', 'show', ANSWERED);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /needs --config FILE or --data-dir DIR/);
  assert.equal(cli('calls', 'show').status, 2, 'no session id');
});

test('a SQLite file held by a running server: says so instead of a stack trace', async () => {
  // What `serve` does: it opens the file with the exclusive lock.
  const held = await openStorage({ kind: 'sqlite', path: join(w.dir, 'data', 'openccc.db') });
  try {
    await held.traces.get(ANSWERED);
    const r = cli('calls', 'show', ANSWERED, '--config', w.file);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /is locked by another process \(a running openccc serve holds its SQLite file\)/);
  } finally {
    await held.close();
  }
});

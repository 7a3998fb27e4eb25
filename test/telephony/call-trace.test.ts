import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemClock } from '../../src/shared/clock.ts';
import type { SipLadderEntry } from '../../src/domain/call-trace.ts';
import { SipLadder, SipTraceRouter, hostPort, ladderEntryOf, mediaFiguresOf } from '../../src/telephony/call-trace.ts';
import { Pacer } from '../../src/telephony/rtp/engine/pacer.ts';
import { PortPool } from '../../src/telephony/rtp/engine/port-pool.ts';
import { RtpSession } from '../../src/telephony/rtp/engine/rtp-session.ts';
import { UserAgentCore, type SipWireMessage } from '../../src/telephony/sip/ua/index.ts';
import { SessionManager, type SipSession } from '../../src/telephony/sip/ua/session/index.ts';

const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=sendrecv\r\n';
const T1 = 50;

const entry = (n: number): SipLadderEntry => ({
  atMs: n,
  direction: 'out',
  transport: 'UDP',
  remote: '127.0.0.1:5060',
  startLine: `OPTIONS sip:n${n}@x SIP/2.0`,
  callId: 'c',
  cseq: `${n} OPTIONS`,
  bytes: 10,
  text: 'x',
});

test('a ladder keeps the first `head` and last `tail` messages in order and counts the ones between', () => {
  const ladder = new SipLadder({ head: 3, tail: 2, textBytes: 100 });
  for (let n = 1; n <= 4; n++) ladder.add(entry(n));
  assert.deepEqual(ladder.trace(), { sip: [1, 2, 3, 4].map(entry), sipDropped: 0 });
  for (let n = 5; n <= 11; n++) ladder.add(entry(n));
  const t = ladder.trace();
  assert.deepEqual(
    t.sip.map((e) => e.atMs),
    [1, 2, 3, 10, 11],
  );
  assert.equal(t.sipDropped, 6);
  assert.equal(t.sipDroppedAt, 3, 'the gap sits after the head');
  assert.equal(ladder.count, 11);
  const noTail = new SipLadder({ head: 1, tail: 0, textBytes: 10 });
  noTail.add(entry(1));
  noTail.add(entry(2));
  assert.deepEqual(
    noTail.trace().sip.map((e) => e.atMs),
    [1],
  );
  assert.equal(noTail.trace().sipDropped, 1);
});

test('an entry copies the text out of the wire bytes, cut at textBytes with the cut counted; IPv6 remotes are bracketed', () => {
  const text = 'OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n\r\n';
  const wire = Buffer.from(`junk${text}junk`).subarray(4, 4 + text.length);
  const m = {
    direction: 'in',
    atMs: 5,
    transport: 'TCP',
    remoteHost: '::1',
    remotePort: 5061,
    startLine: 'OPTIONS sip:a@b SIP/2.0',
    callId: 'x',
    cseq: '1 OPTIONS',
    byteLength: wire.length,
    bytes: wire,
    message: undefined as never,
  } satisfies SipWireMessage;
  const whole = ladderEntryOf(m, 4096);
  assert.equal(whole.text, text);
  assert.equal(whole.textCutBytes, undefined);
  assert.equal(whole.remote, '[::1]:5061');
  const cut = ladderEntryOf(m, 10);
  assert.equal(cut.text, text.slice(0, 10));
  assert.equal(cut.textCutBytes, text.length - 10);
  wire.fill(0);
  assert.equal(whole.text, text, 'a copy: reusing the buffer changes nothing');
  assert.equal(hostPort('10.0.0.1', 5060), '10.0.0.1:5060');
});

async function pair() {
  const clock = new SystemClock();
  const timers = { t1: T1, t4: 20 };
  const callee = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock, timers });
  const caller = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock, timers });
  const calleeSessions = new SessionManager(callee, { t1Ms: T1 });
  const callerSessions = new SessionManager(caller, { t1Ms: T1 });
  const callerRouter = new SipTraceRouter();
  const calleeRouter = new SipTraceRouter();
  callerRouter.attach(caller);
  calleeRouter.attach(callee);
  const calleeLadders = new Map<string, SipLadder>();
  const answered = new Map<string, Promise<SipSession>>();
  callee.onInvite = (inv) => {
    // The carrier opens the call's ladder when it is told of the INVITE: the INVITE itself already went by.
    calleeLadders.set(inv.callId, calleeRouter.open(inv.callId));
    const s = calleeSessions.answer(inv, SDP);
    if (s) answered.set(inv.callId, Promise.resolve(s));
  };
  const place = async () => {
    const out = callerSessions.call({
      destination: { transport: 'UDP', host: '127.0.0.1', port: callee.port },
      uri: `sip:callee@127.0.0.1:${callee.port}`,
      sdp: SDP,
    });
    // The INVITE left while the call was built: the router holds it for the ladder opened now.
    const ladder = callerRouter.open(out.uac.callId);
    const a = await out.session;
    assert.ok(a);
    return { a, callId: out.uac.callId, ladder };
  };
  const idle = async () => {
    while (caller.liveTransactions + callee.liveTransactions > 0) await new Promise((r) => setTimeout(r, 5));
  };
  return {
    caller,
    callee,
    callerRouter,
    calleeRouter,
    calleeLadders,
    place,
    idle,
    done: () => Promise.all([caller.close(), callee.close()]),
  };
}

/** The ladder with retransmissions folded (T1 is short here, so a busy machine resends now and then, even after the answer). */
const ladderOf = (l: SipLadder) =>
  l
    .trace()
    .sip.map((e) => [e.direction, e.startLine.replace(/sip:[^ ]+/, 'URI'), e.cseq])
    .filter((row, i, all) => all.findIndex((r) => r.join() === row.join()) === i);

test('two UAs over loopback: each side`s ladder is INVITE, 200, ACK, BYE, 200 from its own point of view, calls kept apart', async () => {
  const p = await pair();
  try {
    await ladders(p);
  } finally {
    await p.done();
  }
});

async function ladders(p: Awaited<ReturnType<typeof pair>>): Promise<void> {
  const first = await p.place();
  const second = await p.place();
  assert.notEqual(first.callId, second.callId);
  await new Promise((r) => setTimeout(r, 30)); // the ACKs arrive
  await first.a.hangup();
  await second.a.hangup();
  await p.idle();
  for (const call of [first, second]) {
    assert.deepEqual(ladderOf(call.ladder), [
      ['out', 'INVITE URI SIP/2.0', '1 INVITE'],
      ['in', 'SIP/2.0 200 OK', '1 INVITE'],
      ['out', 'ACK URI SIP/2.0', '1 ACK'],
      ['out', 'BYE URI SIP/2.0', '2 BYE'],
      ['in', 'SIP/2.0 200 OK', '2 BYE'],
    ]);
    const callee = p.calleeLadders.get(call.callId);
    assert.ok(callee);
    assert.deepEqual(ladderOf(callee), [
      ['in', 'INVITE URI SIP/2.0', '1 INVITE'],
      ['out', 'SIP/2.0 200 OK', '1 INVITE'],
      ['in', 'ACK URI SIP/2.0', '1 ACK'],
      ['in', 'BYE URI SIP/2.0', '2 BYE'],
      ['out', 'SIP/2.0 200 OK', '2 BYE'],
    ]);
    const t = call.ladder.trace();
    assert.ok(t.sip.every((e) => e.callId === call.callId && e.remote === `127.0.0.1:${p.callee.port}` && e.transport === 'UDP'));
    assert.ok(
      t.sip.every((e, i) => i === 0 || e.atMs >= t.sip[i - 1]!.atMs),
      'in time order',
    );
    assert.match(t.sip[0]!.text, /^INVITE [^\r]+\r\n[\s\S]*\r\n\r\nv=0\r\n/, 'the INVITE text, SDP included');
    assert.equal(t.sip[0]!.bytes, Buffer.byteLength(t.sip[0]!.text));
  }
  assert.equal(p.callerRouter.size, 2);
  p.callerRouter.close(first.ladder);
  p.callerRouter.close(first.ladder);
  assert.equal(p.callerRouter.size, 1);
  assert.equal(ladderOf(first.ladder).length, 5, 'a closed ladder stays readable');
}

test('media figures from a real RTP session pair on loopback', async () => {
  const now = () => performance.timeOrigin + performance.now();
  const pool = new PortPool({ portMin: 51000, portMax: 51099 });
  const open = async (remotePort?: number) => {
    const r = await RtpSession.open({
      address: '127.0.0.1',
      pool,
      pacer: new Pacer({ now }),
      media: { law: 'pcmu', payloadType: 0, ...(remotePort === undefined ? {} : { remoteAddress: '127.0.0.1', remotePort }) },
      now,
    });
    assert.ok(r.ok);
    return r.session;
  };
  const a = await open();
  const b = await open(a.port);
  const deadline = Date.now() + 5000;
  while ((a.stats().packetsReceived < 10 || b.stats().packetsReceived < 10) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  const figures = mediaFiguresOf(a.stats(), { codec: 'PCMU/8000', local: `127.0.0.1:${a.port}`, remote: `127.0.0.1:${b.port}` });
  await Promise.all([a.close(), b.close()]);
  assert.ok(figures.packetsReceived >= 10, 'a heard b');
  assert.ok(figures.packetsSent >= 10, 'a latched onto b and answered it');
  assert.equal(figures.latched, true);
  assert.equal(figures.octetsSent, figures.packetsSent * 160);
  assert.equal(figures.packetsLost, 0);
  assert.equal(figures.codec, 'PCMU/8000');
  assert.equal(figures.remote, `127.0.0.1:${b.port}`);
});

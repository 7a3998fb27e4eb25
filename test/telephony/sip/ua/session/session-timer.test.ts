import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../../../../src/shared/clock.ts';
import { UserAgentCore } from '../../../../../src/telephony/sip/ua/index.ts';
import { SessionManager, type SipSession } from '../../../../../src/telephony/sip/ua/session/index.ts';

// RFC 4028 on a VirtualClock: SIP still crosses real loopback sockets, only the timers are virtual.
const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';
const sessionTimer = { sessionExpires: 90, minSe: 90 };
const tick = () => new Promise((r) => setTimeout(r, 20));

async function call() {
  const clock = new VirtualClock();
  const callee = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock });
  const caller = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock });
  const calleeSessions = new SessionManager(callee, { sessionTimer });
  const callerSessions = new SessionManager(caller, { sessionTimer });
  const answered = new Promise<SipSession>((resolve) => {
    callee.onInvite = (inv) => {
      const s = calleeSessions.answer(inv, SDP);
      if (s) resolve(s);
    };
  });
  const out = callerSessions.call({
    destination: { transport: 'UDP', host: '127.0.0.1', port: callee.port },
    uri: `sip:b@127.0.0.1:${callee.port}`,
    sdp: SDP,
  });
  const a = await out.session;
  assert.ok(a);
  const b = await answered;
  await new Promise<void>((r) => b.once('confirmed', () => r()));
  return { clock, callee, caller, calleeSessions, callerSessions, a, b, done: () => Promise.all([caller.close(), callee.close()]) };
}

test('the 2xx settles a 90 s session timer with the caller as refresher; it refreshes by re-INVITE every 45 s', async () => {
  const c = await call();
  assert.deepEqual(c.a.sessionTimer, { intervalSeconds: 90, weRefresh: true });
  assert.deepEqual(c.b.sessionTimer, { intervalSeconds: 90, weRefresh: false });
  let refreshes = 0;
  c.b.on('refreshed', () => refreshes++);
  for (let i = 1; i <= 3; i++) {
    c.clock.advance(45_000);
    while (refreshes < i) await tick();
  }
  assert.equal(c.a.closed || c.b.closed, false, 'three refreshes kept the session past its 90 s');
  await c.a.hangup();
  assert.equal(c.calleeSessions.size + c.callerSessions.size, 0);
  await c.done();
});

test('no refresh arrives: the callee ends the session with BYE at interval - min(32, interval/3) (RFC 4028 §10)', async () => {
  const c = await call();
  c.a.close(); // the refresher vanishes without a word
  const bye = new Promise<number>((resolve) => {
    // the caller forgot the dialog: its UA answers the BYE 481
    const send = c.caller.adapter.send.bind(c.caller.adapter);
    c.caller.adapter.send = (m, d) => {
      if (m.kind === 'response' && (m.headers.get('CSeq') ?? '').endsWith('BYE')) resolve(m.status);
      return send(m, d);
    };
  });
  const ended = new Promise<{ reason: string }>((r) => c.b.once('ended', r));
  c.clock.advance(59_000);
  await tick();
  assert.equal(c.b.closed, false);
  c.clock.advance(1_000);
  assert.deepEqual(await ended, { reason: 'session-expired' });
  assert.equal(c.b.pendingTimers, 0);
  assert.equal(await bye, 481);
  await c.done();
});

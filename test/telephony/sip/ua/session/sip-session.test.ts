import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemClock } from '../../../../../src/shared/clock.ts';
import type { SipRequest } from '../../../../../src/telephony/sip/message/index.ts';
import { UserAgentCore } from '../../../../../src/telephony/sip/ua/index.ts';
import { SessionManager, type SipSession } from '../../../../../src/telephony/sip/ua/session/index.ts';

// Two real UAs on loopback with T1 = 10 ms, each with a SessionManager in `ua.dialogs`.
const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=sendrecv\r\n';
const T1 = 10;

async function pair() {
  const clock = new SystemClock();
  const timers = { t1: T1, t4: 20 };
  const callee = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock, timers });
  const caller = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock, timers });
  const calleeSessions = new SessionManager(callee, { t1Ms: T1 });
  const callerSessions = new SessionManager(caller, { t1Ms: T1 });
  const answered = new Promise<SipSession>((resolve) => {
    callee.onInvite = (inv) => {
      const s = calleeSessions.answer(inv, SDP);
      if (s) resolve(s);
    };
  });
  const destination = { transport: 'UDP', host: '127.0.0.1', port: callee.port };
  const uri = `sip:callee@127.0.0.1:${callee.port}`;
  const place = async () => {
    const out = callerSessions.call({ destination, uri, sdp: SDP });
    const a = await out.session;
    assert.ok(a, 'the call was answered');
    return { a, b: await answered };
  };
  /** Every session closed, no timer left, no live transaction: the leak check. */
  const idle = async () => {
    while (caller.liveTransactions + callee.liveTransactions > 0) await new Promise((r) => setTimeout(r, 5));
    assert.equal(calleeSessions.size + callerSessions.size, 0);
  };
  const done = () => Promise.all([caller.close(), callee.close()]);
  return { callee, caller, calleeSessions, callerSessions, place, idle, done };
}

const once = <T>(s: SipSession, event: 'ended' | 'confirmed' | 'dtmf'): Promise<T> =>
  new Promise((resolve) => s.once(event, ((v: T) => resolve(v)) as never));

test('call, ACK confirms the callee; the caller hangs up: 200 to the BYE, both ended, nothing left', async () => {
  const p = await pair();
  const { a, b } = await p.place();
  await once(b, 'confirmed');
  assert.equal(b.pendingTimers, 0, 'the 2xx retransmission stopped at the ACK');
  assert.equal(a.dialog.state, 'confirmed');
  const remote = once<{ reason: string }>(b, 'ended');
  const local = once<{ reason: string; status?: number }>(a, 'ended');
  await a.hangup();
  assert.deepEqual(await local, { reason: 'local-bye', status: 200 });
  assert.deepEqual(await remote, { reason: 'remote-bye' });
  await p.idle();
  await p.done();
});

test('the callee hangs up: the caller answers 200 and ends', async () => {
  const p = await pair();
  const { a, b } = await p.place();
  await once(b, 'confirmed');
  const remote = once<{ reason: string }>(a, 'ended');
  await b.hangup();
  assert.deepEqual(await remote, { reason: 'remote-bye' });
  await p.idle();
  await p.done();
});

test('a lost ACK: the 200 is resent (§13.3.1.4) and the ACK for the resent one confirms and stops it', async () => {
  const p = await pair();
  let dropped = 0;
  let resent = 0;
  const direct = p.caller.sendDirect.bind(p.caller);
  p.caller.sendDirect = (r: SipRequest, d) => (r.method === 'ACK' && dropped++ === 0 ? Promise.resolve() : direct(r, d));
  const send = p.callee.adapter.send.bind(p.callee.adapter);
  p.callee.adapter.send = (m, d) => {
    if (m.kind === 'response' && m.status === 200 && (m.headers.get('CSeq') ?? '').endsWith('INVITE')) resent++;
    return send(m, d);
  };
  const { a, b } = await p.place();
  await once(b, 'confirmed');
  assert.equal(dropped, 2, 'the first ACK was dropped, a later one went out');
  assert.ok(resent >= 2, `the 200 went out ${resent} times`);
  assert.equal(b.pendingTimers, 0);
  await a.hangup();
  await p.idle();
  await p.done();
});

test('re-INVITE hold then unhold: the offer reaches the callee, the answer the caller', async () => {
  const p = await pair();
  const { a, b } = await p.place();
  await once(b, 'confirmed');
  const offers: string[] = [];
  b.onOffer = (offer) => {
    const text = Buffer.from(offer ?? []).toString();
    offers.push(text);
    return text.includes('a=sendonly') ? SDP.replace('a=sendrecv', 'a=recvonly') : SDP;
  };
  const hold = await a.reinvite(SDP.replace('a=sendrecv', 'a=sendonly'));
  assert.equal(hold.status, 200);
  assert.match(Buffer.from(hold.sdp ?? []).toString(), /a=recvonly/);
  const unhold = await a.reinvite(SDP);
  assert.equal(unhold.status, 200);
  assert.match(Buffer.from(unhold.sdp ?? []).toString(), /a=sendrecv/);
  assert.equal(offers.length, 2);
  assert.match(Buffer.from(a.remoteSdp ?? []).toString(), /a=sendrecv/);
  await a.hangup();
  await p.idle();
  await p.done();
});

test('glare: crossing re-INVITEs both get 491, and each retries after the §14.1 back-off until both succeed', async () => {
  const p = await pair();
  const { a, b } = await p.place();
  await once(b, 'confirmed');
  const [ra, rb] = await Promise.all([a.reinvite(SDP), b.reinvite(SDP)]);
  assert.equal(ra.status, 200);
  assert.equal(rb.status, 200);
  await b.hangup();
  // The 491'd client transactions sit in Timer D (fixed 32 s on UDP, §17.1.1.2), so the live count waits for close()
  assert.equal(p.calleeSessions.size + p.callerSessions.size, 0);
  await p.done();
  assert.equal(p.caller.liveTransactions + p.callee.liveTransactions, 0);
});

test('close() on a live session sends nothing and frees its timers; the manager forgets it', async () => {
  const p = await pair();
  const { a, b } = await p.place();
  b.close();
  b.close();
  assert.equal(b.pendingTimers, 0);
  assert.equal(p.calleeSessions.size, 0);
  a.close();
  await p.idle();
  await p.done();
});

test('DTMF in INFO (application/dtmf-relay) reaches the other side as a dtmf event and is answered 200', async () => {
  const p = await pair();
  const { a, b } = await p.place();
  await once(b, 'confirmed');
  const heard = once<{ digit: string; durationMs?: number; source: string }>(b, 'dtmf');
  assert.equal(await a.sendDtmf('5', 160), 200);
  assert.deepEqual(await heard, { digit: '5', durationMs: 160, source: 'info' });
  await a.hangup();
  await p.idle();
  await p.done();
});

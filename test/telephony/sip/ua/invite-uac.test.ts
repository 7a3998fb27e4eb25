import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemClock } from '../../../../src/shared/clock.ts';
import { DigestClient } from '../../../../src/telephony/sip/auth/digest-client.ts';
import { createChallenge, verifyAuthorization } from '../../../../src/telephony/sip/auth/digest-server.ts';
import { getCallId, getCSeq } from '../../../../src/telephony/sip/message/index.ts';
import { InviteUac, OptionsKeepAlive, UserAgentCore, sendOptions, type FailureOutcome } from '../../../../src/telephony/sip/ua/index.ts';

// Two real UAs on loopback: one places calls, the other answers them through onInvite.
const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

async function pair() {
  const clock = new SystemClock();
  const timers = { t1: 10, t4: 20 };
  const callee = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock, timers });
  const caller = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock, timers });
  const destination = { transport: 'UDP', host: '127.0.0.1', port: callee.port };
  const uri = `sip:callee@127.0.0.1:${callee.port}`;
  return { callee, caller, destination, uri, done: () => Promise.all([caller.close(), callee.close()]) };
}

function outcome(call: InviteUac): Promise<{ answered?: number; failed?: FailureOutcome; provisional: number[] }> {
  const provisional: number[] = [];
  call.on('provisional', (p) => provisional.push(p.status));
  return new Promise((resolve) => {
    call.on('answered', (a) => resolve({ answered: a.response.status, provisional }));
    call.on('failed', (f) => resolve({ failed: f, provisional }));
  });
}

test('a call rings with early SDP then is answered with SDP; the ACK reaches the callee as a stray ACK', async () => {
  const p = await pair();
  let acks = 0;
  p.callee.dialogs = { inDialogRequest: () => false, ack: () => void acks++, strayResponse: () => undefined };
  p.callee.onInvite = (inv) => {
    assert.equal(Buffer.from(inv.offer ?? []).toString(), SDP);
    inv.ring(SDP);
    inv.answer(SDP);
  };
  const call = new InviteUac(p.caller, { destination: p.destination, uri: p.uri, sdp: SDP });
  const r = await outcome(call);
  assert.equal(r.answered, 200);
  assert.deepEqual(r.provisional, [183]);
  while (acks === 0) await new Promise((res) => setTimeout(res, 10));
  await p.done();
});

test('a busy callee: 486 surfaced with Retry-After and the Reason header', async () => {
  const p = await pair();
  p.callee.onInvite = (inv) =>
    void inv.reject(486, undefined, [
      ['Retry-After', '30'],
      ['Reason', 'Q.850;cause=17'],
    ]);
  const r = await outcome(new InviteUac(p.caller, { destination: p.destination, uri: p.uri, sdp: SDP }));
  assert.equal(r.failed?.status, 486);
  assert.equal(r.failed?.reason, 'Busy Here');
  assert.equal(r.failed?.retryAfter, 30);
  assert.equal(r.failed?.reasonHeader, 'Q.850;cause=17');
  await p.done();
});

test('CANCEL asked before any provisional waits for one (§9.1), then the call fails 487', async () => {
  const p = await pair();
  let cancelled = 0;
  p.callee.onInvite = (inv) => {
    inv.on('cancelled', () => cancelled++);
    setTimeout(() => inv.ring(), 30);
  };
  const call = new InviteUac(p.caller, { destination: p.destination, uri: p.uri });
  call.cancel();
  const r = await outcome(call);
  assert.equal(r.failed?.status, 487);
  assert.equal(cancelled, 1);
  await p.done();
});

test('digest: a 401 is answered with the same Call-ID and CSeq + 1, and the server verifies the credentials', async () => {
  const p = await pair();
  const secret = 'k';
  const seen: { callId?: string; cseq?: number }[] = [];
  p.callee.onInvite = (inv) => {
    seen.push({ callId: getCallId(inv.request), cseq: getCSeq(inv.request)?.seq });
    const auth = inv.request.headers.get('Authorization');
    if (auth === undefined) {
      inv.reject(401, undefined, [
        ['WWW-Authenticate', createChallenge({ realm: 'r', nonceSecret: secret, now: Date.now(), algorithm: 'MD5' })],
      ]);
      return;
    }
    const v = verifyAuthorization(auth, {
      method: 'INVITE',
      realm: 'r',
      nonceSecret: secret,
      lookupPassword: (u) => (u === 'alice' ? 'pw' : undefined),
      now: Date.now(),
      maxNonceAgeMs: 60_000,
    });
    if (v.result === 'ok') inv.answer(SDP);
    else inv.reject(403);
  };
  const digest = new DigestClient({ credentials: { username: 'alice', password: 'pw' }, cnonce: () => 'c0ffee' });
  const r = await outcome(new InviteUac(p.caller, { destination: p.destination, uri: p.uri, sdp: SDP, digest }));
  assert.equal(r.answered, 200);
  assert.equal(seen.length, 2);
  assert.equal(seen[1]?.callId, seen[0]?.callId);
  assert.equal(seen[1]?.cseq, (seen[0]?.cseq ?? 0) + 1);
  await p.done();
});

test('a call to nobody fails 408 on Timer B, and OPTIONS to nobody resolves 408', async () => {
  const p = await pair();
  const dead = { transport: 'UDP', host: '127.0.0.1', port: 9 };
  const r = await outcome(new InviteUac(p.caller, { destination: dead, uri: 'sip:x@127.0.0.1:9' }));
  assert.ok(r.failed?.status === 408 || r.failed?.status === 503);
  const o = await sendOptions(p.caller, dead, 'sip:x@127.0.0.1:9');
  assert.ok(o.status === 408 || o.status === 503);
  await p.done();
  assert.equal(p.caller.liveTransactions, 0);
});

test('OPTIONS keep-alive reports the peer alive, and close() stops it', async () => {
  const p = await pair();
  const ka = new OptionsKeepAlive(p.caller, { destination: p.destination, uri: p.uri, intervalMs: 20 });
  const results: boolean[] = [];
  await new Promise<void>((resolve) =>
    ka.on('result', (r) => {
      results.push(r.alive);
      if (results.length === 2) resolve();
    }),
  );
  ka.close();
  ka.close();
  assert.deepEqual(results, [true, true]);
  assert.equal(ka.pendingTimers, 0);
  await p.done();
});

test('an INVITE too large for UDP goes over TCP with its Via saying so (§18.1.1)', async () => {
  const p = await pair();
  let transport = '';
  p.callee.onInvite = (inv) => {
    transport = inv.source.transport;
    inv.reject(486);
  };
  const big = SDP + 'a=x-pad:' + 'x'.repeat(2000) + '\r\n';
  const r = await outcome(new InviteUac(p.caller, { destination: p.destination, uri: p.uri, sdp: big }));
  assert.equal(r.failed?.status, 486);
  assert.equal(transport, 'TCP');
  await p.done();
});

test('4xx/5xx/6xx surface code and reason; Retry-After with a comment and params keeps its seconds (§20.33)', async () => {
  const p = await pair();
  const rows: [number, string | undefined, [string, string][]][] = [
    [404, undefined, []],
    [503, 'Overloaded', [['Retry-After', '120 (maintenance);duration=3600']]],
    [600, undefined, [['Retry-After', 'soon']]],
    [606, undefined, []],
  ];
  let next = 0;
  p.callee.onInvite = (inv) => {
    const [status, reason, headers] = rows[next++]!;
    inv.reject(status, reason, headers);
  };
  const got: [number, string, number | undefined][] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = await outcome(new InviteUac(p.caller, { destination: p.destination, uri: p.uri }));
    got.push([r.failed?.status ?? 0, r.failed?.reason ?? '', r.failed?.retryAfter]);
  }
  assert.deepEqual(got, [
    [404, 'Not Found', undefined],
    [503, 'Overloaded', 120],
    [600, 'Busy Everywhere', undefined],
    [606, 'Not Acceptable', undefined],
  ]);
  await p.done();
});

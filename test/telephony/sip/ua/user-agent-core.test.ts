import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemClock } from '../../../../src/shared/clock.ts';
import { getToTag, getTopVia, viaReceived, viaRport } from '../../../../src/telephony/sip/message/index.ts';
import { UserAgentCore } from '../../../../src/telephony/sip/ua/index.ts';
import { RawPeer, rawRequest, status, statusFor } from './support.ts';

// Real sockets on 127.0.0.1; short T1 so finished transactions leave quickly. Nothing here asserts on time.
async function setup(): Promise<{ ua: UserAgentCore; peer: RawPeer; done: () => Promise<void> }> {
  const ua = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock: new SystemClock(), timers: { t1: 10, t4: 20 } });
  const peer = await RawPeer.open();
  return { ua, peer, done: async () => (await ua.close(), await peer.close()) };
}

test('OPTIONS gets 200 with Allow and Accept, a To tag, and received/rport on the Via', async () => {
  const { ua, peer, done } = await setup();
  peer.send(rawRequest('OPTIONS', peer.port, 'o1'), ua.port);
  const r = await peer.next(status(200));
  assert.match(r.headers.getAll('Allow').join(', '), /INVITE, ACK, CANCEL, BYE, OPTIONS/);
  assert.equal(r.headers.get('Accept'), 'application/sdp');
  assert.ok(getToTag(r));
  const via = getTopVia(r)!;
  assert.equal(viaReceived(via), '127.0.0.1');
  assert.equal(viaRport(via), peer.port);
  await done();
});

test('an INVITE with no handler gets 480, never 200', async () => {
  const { ua, peer, done } = await setup();
  peer.send(rawRequest('INVITE', peer.port, 'i1'), ua.port);
  await peer.next(status(480));
  assert.ok(!peer.received.some((m) => m.kind === 'response' && m.status === 200));
  await done();
});

test('methods: REGISTER 405 and FOO 501 with Allow, BYE and tagged OPTIONS 481, stray CANCEL 481, stray ACK dropped', async () => {
  const { ua, peer, done } = await setup();
  peer.send(rawRequest('REGISTER', peer.port, 'r1'), ua.port);
  peer.send(rawRequest('FOO', peer.port, 'f1'), ua.port);
  peer.send(rawRequest('BYE', peer.port, 'b1'), ua.port);
  peer.send(rawRequest('CANCEL', peer.port, 'c1'), ua.port);
  peer.send(rawRequest('ACK', peer.port, 'a1'), ua.port);
  peer.send(rawRequest('OPTIONS', peer.port, 't1').replace('To: <sip:ua@127.0.0.1>', 'To: <sip:ua@127.0.0.1>;tag=x'), ua.port);
  const r405 = await peer.next(statusFor(405, 'REGISTER'));
  assert.ok(r405.headers.get('Allow'));
  assert.ok((await peer.next(statusFor(501, 'FOO'))).headers.get('Allow'));
  await peer.next(statusFor(481, 'BYE'));
  await peer.next(statusFor(481, 'CANCEL'));
  await peer.next(statusFor(481, 'OPTIONS'));
  assert.equal(ua.stats.dropped, 1);
  await done();
});

test('malformed: a request that reads far enough gets 400 naming the problem; a broken response is dropped', async () => {
  const { ua, peer, done } = await setup();
  peer.send(rawRequest('OPTIONS', peer.port, 'm1').replace('Max-Forwards: 70', 'Max-Forwards: lots'), ua.port);
  const r = await peer.next(status(400));
  assert.ok(r.kind === 'response' && /Max-Forwards/i.test(r.reason), r.kind === 'response' ? r.reason : '');
  // a 400 that would copy a malformed CSeq is not well-formed SIP itself: dropped, not sent
  peer.send(rawRequest('OPTIONS', peer.port, 'm3').replace('CSeq: 1 OPTIONS', 'CSeq: x OPTIONS'), ua.port);
  peer.send('SIP/2.0 abc Nonsense\n\n', ua.port);
  peer.send(rawRequest('OPTIONS', peer.port, 'm2'), ua.port);
  await peer.next(statusFor(200, 'OPTIONS'));
  assert.equal(ua.stats.malformed, 3);
  assert.ok(!peer.received.some((m) => m.headers.get('Call-ID') === 'm3@test'));
  await done();
});

test('checkRequest runs first: an unknown Require gets 420 with Unsupported', async () => {
  const { ua, peer, done } = await setup();
  peer.send(rawRequest('OPTIONS', peer.port, 'q1', ['Require: foo']), ua.port);
  const r = await peer.next(status(420));
  assert.equal(r.headers.get('Unsupported'), 'foo');
  await done();
});

test('CANCEL while ringing: 200 to the CANCEL with the INVITE To tag, 487 to the INVITE; transactions drain after the ACK', async () => {
  const { ua, peer, done } = await setup();
  let cancelled = 0;
  ua.onInvite = (inv) => {
    inv.ring();
    inv.on('cancelled', () => cancelled++);
  };
  peer.send(rawRequest('INVITE', peer.port, 'k1'), ua.port);
  const ringing = await peer.next(status(180));
  peer.send(rawRequest('CANCEL', peer.port, 'k1'), ua.port);
  const ok = await peer.next(statusFor(200, 'CANCEL'));
  const terminated = await peer.next(statusFor(487, 'INVITE'));
  assert.equal(getToTag(ok), getToTag(ringing));
  assert.equal(cancelled, 1);
  const to = terminated.headers.get('To')!;
  peer.send(rawRequest('ACK', peer.port, 'k1').replace('To: <sip:ua@127.0.0.1>', `To: ${to}`), ua.port);
  while (ua.liveTransactions > 0) await new Promise((r) => setTimeout(r, 20));
  assert.equal(ua.pendingInvites, 0);
  await done();
});

test('a handler that throws gets 500, and the UA keeps answering', async () => {
  const { ua, peer, done } = await setup();
  let errors = 0;
  ua.on('handlerError', () => errors++);
  ua.onInvite = () => {
    throw new Error('carrier bug');
  };
  peer.send(rawRequest('INVITE', peer.port, 'e1'), ua.port);
  await peer.next(status(500));
  assert.equal(errors, 1);
  await done();
});

test('close() is idempotent and releases the transactions', async () => {
  const { ua, peer, done } = await setup();
  ua.onInvite = (inv) => void inv.ring();
  peer.send(rawRequest('INVITE', peer.port, 'z1'), ua.port);
  await peer.next(status(180));
  assert.ok(ua.liveTransactions > 0);
  await Promise.all([ua.close(), ua.close()]);
  assert.equal(ua.liveTransactions, 0);
  await done();
});

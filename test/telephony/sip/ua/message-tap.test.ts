import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemClock, VirtualClock } from '../../../../src/shared/clock.ts';
import { parseSipMessage } from '../../../../src/telephony/sip/message/index.ts';
import { UserAgentCore, sendOptions, type SipWireMessage } from '../../../../src/telephony/sip/ua/index.ts';
import { RawPeer, rawRequest } from './support.ts';

// The UA core's message tap over real loopback sockets: what goes out and comes in, told once each.

async function two(clock = new SystemClock()) {
  const a = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock });
  const b = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock });
  return { a, b, done: () => Promise.all([a.close(), b.close()]) };
}

test('an OPTIONS exchange: the sender sees its request out and the 200 in, the receiver the reverse, with wire facts', async () => {
  const { a, b, done } = await two();
  const seenA: SipWireMessage[] = [];
  const seenB: SipWireMessage[] = [];
  // Copy the bytes: they are valid only during the call.
  const keep = (into: SipWireMessage[]) => (m: SipWireMessage) => into.push({ ...m, bytes: Buffer.from(m.bytes) });
  a.observeMessages(keep(seenA));
  b.observeMessages(keep(seenB));
  const r = await sendOptions(a, { transport: 'UDP', host: '127.0.0.1', port: b.port }, `sip:probe@127.0.0.1:${b.port}`);
  assert.equal(r.status, 200);
  await new Promise((res) => setTimeout(res, 20));

  assert.deepEqual(
    seenA.map((m) => [m.direction, m.startLine, m.transport, m.remoteHost, m.remotePort]),
    [
      ['out', `OPTIONS sip:probe@127.0.0.1:${b.port} SIP/2.0`, 'UDP', '127.0.0.1', b.port],
      ['in', 'SIP/2.0 200 OK', 'UDP', '127.0.0.1', b.port],
    ],
  );
  assert.deepEqual(
    seenB.map((m) => [m.direction, m.startLine, m.remotePort]),
    [
      ['in', `OPTIONS sip:probe@127.0.0.1:${b.port} SIP/2.0`, a.port],
      ['out', 'SIP/2.0 200 OK', a.port],
    ],
  );
  const callId = seenA[0]!.callId;
  assert.ok(callId && callId.length > 0);
  for (const m of [...seenA, ...seenB]) {
    assert.equal(m.callId, callId);
    assert.equal(m.cseq, '1 OPTIONS');
    assert.equal(m.byteLength, m.bytes.length);
    // The bytes are the message itself: they parse to the same start line.
    const parsed = parseSipMessage(Buffer.from(m.bytes));
    assert.ok(parsed.ok);
    assert.equal(parsed.message.headers.get('Call-ID'), callId);
  }
  // What A sent is byte for byte what B received.
  assert.deepEqual(seenB[0]!.bytes, seenA[0]!.bytes);
  await done();
});

test('atMs is the UA clock; stopping the last observer unhooks the adapter; an observer that throws does not stop SIP', async () => {
  const clock = new VirtualClock(1_700_000_000_000);
  const ua = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock });
  const peer = await RawPeer.open();
  const errors: unknown[] = [];
  ua.on('handlerError', (e) => errors.push(e));
  const times: number[] = [];
  const stopThrower = ua.observeMessages(() => {
    throw new Error('observer bug');
  });
  const stop = ua.observeMessages((m) => times.push(m.atMs));
  assert.ok(ua.adapter.tap, 'hooked while observed');
  peer.send(rawRequest('OPTIONS', peer.port, 'tap1'), ua.port);
  const ok = await peer.next((m) => m.kind === 'response' && m.headers.get('Call-ID') === 'tap1@test');
  assert.equal(ok.kind === 'response' && ok.status, 200, 'the request was still answered');
  assert.deepEqual(times, [1_700_000_000_000, 1_700_000_000_000]);
  assert.equal(errors.length, 2, 'the throwing observer was reported for both messages');
  stop();
  stop();
  assert.ok(ua.adapter.tap, 'one observer left');
  stopThrower();
  assert.equal(ua.adapter.tap, undefined, 'nothing watches: the send path is as before');
  peer.send(rawRequest('OPTIONS', peer.port, 'tap2'), ua.port);
  await peer.next((m) => m.kind === 'response' && m.headers.get('Call-ID') === 'tap2@test');
  assert.equal(times.length, 2, 'a stopped observer hears nothing more');
  await peer.close();
  await ua.close();
});

test('a malformed datagram is not tapped (only parsed messages are); an unanswered request is, with each retransmission', async () => {
  const clock = new SystemClock();
  const ua = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock, timers: { t1: 10 } });
  const peer = await RawPeer.open();
  const seen: SipWireMessage[] = [];
  ua.observeMessages((m) => seen.push(m));
  peer.send('this is not SIP\n\n', ua.port);
  // An OPTIONS towards the silent peer: Timer E resends it (§17.1.2.2).
  const r = sendOptions(ua, { transport: 'UDP', host: '127.0.0.1', port: peer.port }, `sip:silent@127.0.0.1:${peer.port}`);
  await peer.next((m) => m.kind === 'request' && m.method === 'OPTIONS');
  await new Promise((res) => setTimeout(res, 100));
  const out = seen.filter((m) => m.direction === 'out');
  assert.ok(out.length >= 3, `the OPTIONS and its retransmissions were tapped (${out.length})`);
  assert.ok(out.every((m) => m.startLine.startsWith('OPTIONS ') && m.callId === out[0]!.callId));
  assert.equal(seen.filter((m) => m.direction === 'in').length, 0, 'the garbage was not tapped');
  assert.equal((await r).status, 408, 'Timer F (64*T1) ended it');
  await ua.close();
  await peer.close();
});

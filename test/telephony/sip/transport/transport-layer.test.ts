import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { SystemClock, VirtualClock, type Clock } from '../../../../src/shared/clock.ts';
import { TransportLayer } from '../../../../src/telephony/sip/transport/transport-layer.ts';
import { TransportError, type InboundMessage } from '../../../../src/telephony/sip/transport/transport-events.ts';
import { ipv6Available, next, rawTcpPeer, settledHandles, sipMessage } from './support/loopback.ts';

const v6 = await ipv6Available();
const skipV6 = v6 ? false : '::1 is not available on this machine';

async function layer(address = '127.0.0.1', tcp = {}, clock: Clock = new VirtualClock()): Promise<TransportLayer> {
  return TransportLayer.listen({ address, port: 0, clock, tcp });
}

test('port 0 binds UDP and TCP on one picked port', async () => {
  const t = await layer();
  try {
    assert.ok(t.port > 0);
    assert.deepEqual(t.local, { address: '127.0.0.1', port: t.port, family: 'IPv4' });
    const peer = await rawTcpPeer('127.0.0.1', t.port);
    peer.socket.destroy();
  } finally {
    await t.close();
  }
});

for (const [address, skip] of [
  ['127.0.0.1', false],
  ['::1', skipV6],
] as const) {
  test(`UDP round trip on ${address}: the answer leaves from the listening port`, { skip }, async () => {
    const a = await layer(address);
    const b = await layer(address);
    try {
      const atB = next(b, 'message');
      await a.send({ transport: 'udp', address, port: b.port }, sipMessage('OPTIONS sip:b SIP/2.0'));
      const [req] = await atB;
      assert.equal(req.transport, 'udp');
      assert.deepEqual(req.source, { address, port: a.port, family: address === '::1' ? 'IPv6' : 'IPv4' });
      assert.equal(req.local.port, b.port);
      assert.match(req.bytes.toString(), /^OPTIONS sip:b/);
      const atA = next(a, 'message');
      await b.send({ transport: 'udp', address: req.source.address, port: req.source.port }, sipMessage('SIP/2.0 200 OK'));
      const [res] = await atA;
      assert.equal(res.source.port, b.port);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test(`TCP on ${address}: a response reuses the inbound connection the request came on`, { skip }, async () => {
    const server = await layer(address);
    const client = await layer(address);
    try {
      const atServer = next(server, 'message');
      await client.send({ transport: 'tcp', address, port: server.port }, sipMessage('INVITE sip:s SIP/2.0', 'v=0\r\n'));
      const [req] = await atServer;
      assert.equal(req.transport, 'tcp');
      assert.ok(req.connectionId);
      assert.match(req.bytes.toString(), /\r\n\r\nv=0\r\n$/);
      const atClient = next(client, 'message');
      // The source port is the client's ephemeral port: only the inbound connection reaches it.
      await server.send({ transport: 'tcp', address, port: req.source.port, connectionId: req.connectionId }, sipMessage('SIP/2.0 200 OK'));
      const [res] = await atClient;
      assert.match(res.bytes.toString(), /^SIP\/2.0 200 OK/);
      assert.equal(server.tcpConnectionCount, 1);
      assert.equal(client.tcpConnectionCount, 1);
      // A second request to the same remote reuses the outbound connection; so does one without connectionId back.
      const again = next(server, 'message');
      await client.send({ transport: 'tcp', address, port: server.port }, sipMessage('BYE sip:s SIP/2.0'));
      assert.equal((await again)[0].connectionId, req.connectionId);
      const back = next(client, 'message');
      await server.send({ transport: 'tcp', address, port: req.source.port }, sipMessage('SIP/2.0 200 OK'));
      await back;
      assert.equal(server.tcpConnectionCount, 1);
    } finally {
      await Promise.all([server.close(), client.close()]);
    }
  });
}

test('TCP: several messages in one write and keep-alive pings; a ping is answered with one CRLF', async () => {
  const t = await layer();
  try {
    const peer = await rawTcpPeer('127.0.0.1', t.port);
    const got: InboundMessage[] = [];
    const both = new Promise<void>((r) => t.on('message', (m) => got.push(m) === 2 && r()));
    peer.socket.write(
      Buffer.concat([Buffer.from('\r\n\r\n'), sipMessage('OPTIONS sip:1 SIP/2.0'), sipMessage('OPTIONS sip:2 SIP/2.0', 'xy')]),
    );
    await both;
    assert.deepEqual(
      got.map((m) => m.bytes.toString().split('\r\n')[0]),
      ['OPTIONS sip:1 SIP/2.0', 'OPTIONS sip:2 SIP/2.0'],
    );
    assert.equal(await peer.waitFor(2), '\r\n');
    peer.socket.destroy();
  } finally {
    await t.close();
  }
});

test('TCP: a malformed frame closes that connection and is reported as an event, not thrown', async () => {
  const t = await layer();
  try {
    const peer = await rawTcpPeer('127.0.0.1', t.port);
    const error = next(t, 'error');
    const closed = next(t, 'connectionClosed');
    peer.socket.write('OPTIONS sip:x SIP/2.0\r\nContent-Length: -3\r\n\r\n');
    const [e] = await error;
    assert.equal(e.kind, 'malformed-frame');
    assert.equal(e.transport, 'tcp');
    assert.match(e.message, /bad-content-length/);
    assert.equal((await closed)[0].reason, 'malformed-frame');
    await peer.closed;
    assert.equal(t.tcpConnectionCount, 0);
    // The listener still serves others.
    const ok = await rawTcpPeer('127.0.0.1', t.port);
    const msg = next(t, 'message');
    ok.socket.write(sipMessage('OPTIONS sip:y SIP/2.0'));
    await msg;
    ok.socket.destroy();
  } finally {
    await t.close();
  }
});

test('TCP: a header section over the limit closes the connection', async () => {
  const t = await layer('127.0.0.1', { maxHeaderBytes: 1024 });
  try {
    const peer = await rawTcpPeer('127.0.0.1', t.port);
    const error = next(t, 'error');
    peer.socket.write(`OPTIONS sip:x SIP/2.0\r\nX-Junk: ${'j'.repeat(4000)}`);
    assert.match((await error)[0].message, /header-too-large/);
    await peer.closed;
  } finally {
    await t.close();
  }
});

test('TCP: an idle connection is closed on the virtual clock; traffic keeps it open', async () => {
  const clock = new VirtualClock(0);
  const t = await layer('127.0.0.1', { idleTimeoutMs: 30_000 }, clock);
  try {
    const peer = await rawTcpPeer('127.0.0.1', t.port);
    const first = next(t, 'message');
    peer.socket.write(sipMessage('OPTIONS sip:a SIP/2.0'));
    await first;
    clock.advance(20_000);
    const second = next(t, 'message');
    peer.socket.write(sipMessage('OPTIONS sip:b SIP/2.0'));
    await second;
    clock.advance(20_000); // 40 s since opening, 20 s since the last message
    assert.equal(t.tcpConnectionCount, 1);
    const closed = next(t, 'connectionClosed');
    clock.advance(10_000);
    assert.equal((await closed)[0].reason, 'idle');
    await peer.closed;
    assert.equal(t.tcpConnectionCount, 0);
    assert.equal(clock.pendingTimers(), 0);
  } finally {
    await t.close();
  }
});

test('TCP: connection refused rejects send() with a TransportError', async () => {
  const t = await layer();
  const probe = await layer(); // a port known to be free once closed
  const port = probe.port;
  await probe.close();
  try {
    await assert.rejects(
      t.send({ transport: 'tcp', address: '127.0.0.1', port }, sipMessage('OPTIONS sip:x SIP/2.0')),
      (err: unknown) => err instanceof TransportError && err.kind === 'connection-refused',
    );
    await assert.rejects(t.send({ transport: 'udp', address: 'example.com', port: 5060 }, Buffer.from('x')), /bad-target|not an IP/);
  } finally {
    await t.close();
  }
});

test('TCP: inbound connections over the limit are refused and reported', async () => {
  const t = await layer('127.0.0.1', { maxConnections: 1 });
  try {
    const a = await rawTcpPeer('127.0.0.1', t.port);
    const m = next(t, 'message');
    a.socket.write(sipMessage('OPTIONS sip:a SIP/2.0'));
    await m;
    const error = next(t, 'error');
    const b = await rawTcpPeer('127.0.0.1', t.port);
    assert.equal((await error)[0].kind, 'too-many-connections');
    await b.closed;
    assert.equal(t.tcpConnectionCount, 1);
    a.socket.destroy();
  } finally {
    await t.close();
  }
});

test('hostile UDP datagrams are delivered as bytes, never thrown', async () => {
  const t = await layer();
  const sock = createSocket('udp4');
  try {
    const m = next(t, 'message');
    sock.send(Buffer.from([0, 255, 13, 10, 13, 10]), t.port, '127.0.0.1');
    assert.deepEqual([...(await m)[0].bytes], [0, 255, 13, 10, 13, 10]);
  } finally {
    sock.close();
    await t.close();
  }
});

test('close() is idempotent, emits close once, rejects later sends, and leaves no socket or timer open', async () => {
  const before = await settledHandles([]); // earlier tests' sockets finish closing first
  const clock = new SystemClock();
  const server = await layer('127.0.0.1', {}, clock);
  const client = await layer('127.0.0.1', {}, clock);
  const got = next(server, 'message');
  await client.send({ transport: 'tcp', address: '127.0.0.1', port: server.port }, sipMessage('OPTIONS sip:s SIP/2.0'));
  await got;
  assert.equal(clock.pendingTimers(), 2); // one idle timer per side of the connection
  let closes = 0;
  server.on('close', () => closes++);
  await Promise.all([server.close(), server.close(), client.close()]);
  await server.close();
  assert.equal(closes, 1);
  assert.equal(clock.pendingTimers(), 0);
  assert.equal(server.pendingTimers, 0);
  await assert.rejects(server.send({ transport: 'udp', address: '127.0.0.1', port: 9 }, Buffer.from('x')), /closed/);
  assert.deepEqual(await settledHandles(before), before);
});

test('TCP: a message written in pieces over the socket arrives whole', async () => {
  const t = await layer();
  try {
    const peer = await rawTcpPeer('127.0.0.1', t.port);
    const m = sipMessage('MESSAGE sip:x SIP/2.0', 'hello there');
    const got = next(t, 'message');
    for (const cut of [
      [0, 7],
      [7, 40],
      [40, m.length],
    ] as const) {
      peer.socket.write(m.subarray(cut[0], cut[1]));
      await new Promise((r) => setImmediate(r));
    }
    assert.deepEqual((await got)[0].bytes, m);
    peer.socket.destroy();
  } finally {
    await t.close();
  }
});

test('TCP: concurrent sends to one remote share one connect; the outbound limit rejects a new remote', async () => {
  const a = await layer();
  const b = await layer();
  const client = await layer('127.0.0.1', { maxConnections: 1 });
  try {
    let heard = 0;
    const three = new Promise<void>((r) => a.on('message', () => ++heard === 3 && r()));
    await Promise.all(
      [1, 2, 3].map((n) => client.send({ transport: 'tcp', address: '127.0.0.1', port: a.port }, sipMessage(`OPTIONS sip:${n} SIP/2.0`))),
    );
    await three;
    assert.equal(client.tcpConnectionCount, 1);
    await assert.rejects(
      client.send({ transport: 'tcp', address: '127.0.0.1', port: b.port }, sipMessage('OPTIONS sip:b SIP/2.0')),
      (err: unknown) => err instanceof TransportError && err.kind === 'too-many-connections',
    );
  } finally {
    await Promise.all([a.close(), b.close(), client.close()]);
  }
});

test('a dual-stack "::" listener reports IPv4 peers as IPv4 and answers them over UDP', { skip: skipV6 }, async () => {
  const server = await layer('::');
  const client = await layer('127.0.0.1');
  try {
    const got = next(server, 'message');
    await client.send({ transport: 'udp', address: '127.0.0.1', port: server.port }, sipMessage('OPTIONS sip:s SIP/2.0'));
    const [req] = await got;
    assert.deepEqual(req.source, { address: '127.0.0.1', port: client.port, family: 'IPv4' });
    const back = next(client, 'message');
    await server.send({ transport: 'udp', address: req.source.address, port: req.source.port }, sipMessage('SIP/2.0 200 OK'));
    assert.equal((await back)[0].source.port, server.port);
  } finally {
    await Promise.all([server.close(), client.close()]);
  }
});

test('TCP: a peer resetting its connection is a connection-reset event, not a crash', async () => {
  const t = await layer();
  try {
    const peer = await rawTcpPeer('127.0.0.1', t.port);
    const first = next(t, 'message');
    peer.socket.write(sipMessage('OPTIONS sip:a SIP/2.0'));
    await first;
    const error = next(t, 'error');
    const closed = next(t, 'connectionClosed');
    peer.socket.resetAndDestroy();
    const [e] = await error;
    assert.equal(e.kind, 'connection-reset');
    assert.equal(e.code, 'ECONNRESET');
    assert.equal((await closed)[0].reason, 'error');
    assert.equal(t.tcpConnectionCount, 0);
  } finally {
    await t.close();
  }
});

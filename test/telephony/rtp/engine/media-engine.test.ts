import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { digitPackets } from '../../../../src/telephony/rtp/rfc4733-sender.ts';
import { MediaEngine } from '../../../../src/telephony/rtp/engine/media-engine.ts';
import type { MediaSession } from '../../../../src/telephony/rtp/engine/media-session.ts';
import { encodePrompt } from '../../../../src/telephony/rtp/engine/prompt-frames.ts';
import type { DtmfEvent, PlaybackDone } from '../../../../src/telephony/rtp/engine/rtp-session-types.ts';
import { TEST_PORT_BASE, UdpPeer, until } from './udp-peer.ts';

const openFds = () => readdirSync('/proc/self/fd').length;
// A full GC on demand without --expose-gc on the command line (the test runner does not pass it).
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

test('two workers: sessions spread over both, prompts play, digits come back, engine.close() closes each session once', async () => {
  const engine = await MediaEngine.start({ address: '127.0.0.1', portMin: TEST_PORT_BASE, portMax: TEST_PORT_BASE + 99, workers: 2 });
  const prompt = encodePrompt(new Int16Array(160 * 5).fill(1000));
  const peers = await Promise.all([0, 1, 2, 3].map((i) => UdpPeer.open(0x100 + i)));
  const sessions: MediaSession[] = [];
  const dtmf: DtmfEvent[][] = [];
  const done: PlaybackDone[][] = [];
  const closes = [0, 0, 0, 0];
  for (const [i, peer] of peers.entries()) {
    const r = await engine.openSession({
      law: 'pcma',
      payloadType: 8,
      telephoneEventPt: 96,
      remoteAddress: '127.0.0.1',
      remotePort: peer.port,
    });
    assert.ok(r.ok);
    sessions.push(r.session);
    dtmf.push([]);
    done.push([]);
    r.session.on('dtmf', (d) => dtmf[i]!.push(d));
    r.session.on('playbackDone', (d) => done[i]!.push(d));
    r.session.on('close', () => closes[i]!++);
  }
  assert.deepEqual(new Set(sessions.map((s) => s.workerIndex)), new Set([0, 1]));
  for (const s of sessions) s.play('hello', prompt);
  for (const [i, peer] of peers.entries()) {
    peer.sendAudio(sessions[i]!.port, 8);
    for (const p of digitPackets({ digit: String(i), durationMs: 80, payloadType: 96, ssrc: peer.ssrc, ...peer.take(1) })!)
      peer.sendRaw(sessions[i]!.port, p.packet);
  }
  await until(() => dtmf.every((d) => d.length === 1) && done.every((d) => d.length === 1), 5000, 'digits and playbackDone');
  assert.deepEqual(
    dtmf.map((d) => d[0]!.digit),
    ['0', '1', '2', '3'],
  );
  const stats = await sessions[0]!.stats();
  assert.ok(stats.packetsSent >= 5 && stats.packetsReceived >= 1 && stats.latched);
  const ws = await engine.workerStats();
  assert.deepEqual(
    ws.map((w) => w.sessions),
    [2, 2],
  );
  for (const [i, peer] of peers.entries()) {
    const played = peer.received.filter((p) => p.payload.equals(Buffer.from(prompt.pcma.subarray(0, 160))));
    assert.ok(played.length >= 1, `peer ${i} heard the prompt`);
  }
  await sessions[1]!.close();
  await engine.close();
  await engine.close();
  assert.deepEqual(closes, [1, 1, 1, 1]);
  for (const p of peers) p.close();
});

test('port exhaustion fails the new session cleanly', async () => {
  const engine = await MediaEngine.start({
    address: '127.0.0.1',
    portMin: TEST_PORT_BASE + 200,
    portMax: TEST_PORT_BASE + 203,
    workers: 1,
  });
  const a = await engine.openSession({ law: 'pcmu', payloadType: 0 });
  const b = await engine.openSession({ law: 'pcmu', payloadType: 0 });
  const c = await engine.openSession({ law: 'pcmu', payloadType: 0 });
  assert.ok(a.ok && b.ok);
  assert.equal(c.ok ? 'ok' : c.reason, 'portsExhausted');
  await a.session.close();
  const d = await engine.openSession({ law: 'pcmu', payloadType: 0 });
  assert.ok(d.ok);
  await engine.close();
});

test('lifecycle: 10,000 sessions opened and closed in batches through the engine leave no socket, timer or heap behind', async () => {
  const engine = await MediaEngine.start({
    address: '127.0.0.1',
    portMin: TEST_PORT_BASE + 1000,
    portMax: TEST_PORT_BASE + 2999,
    workers: 2,
  });
  const prompt = encodePrompt(new Int16Array(160 * 50));
  // Warm up once so lazily created state (worker heaps, module caches) is in the baseline.
  const warm = await engine.openSession({ law: 'pcmu', payloadType: 0, telephoneEventPt: 101 });
  assert.ok(warm.ok);
  await warm.session.close();
  const before = await engine.workerStats();
  gc();
  const fds0 = openFds();
  const heap0 = process.memoryUsage().heapUsed;
  let closes = 0;
  for (let batch = 0; batch < 20; batch++) {
    const opened = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        engine.openSession({
          law: i % 2 ? 'pcmu' : 'pcma',
          payloadType: i % 2 ? 0 : 8,
          ...(i % 3 ? { telephoneEventPt: 101 } : {}),
          rtcpMux: i % 4 === 0,
        }),
      ),
    );
    for (const r of opened) {
      assert.ok(r.ok, r.ok ? '' : r.message);
      r.session.on('close', () => closes++);
      r.session.play('p', prompt, { bargeIn: true });
    }
    await Promise.all(opened.map((r) => (r.ok ? r.session.close() : undefined)));
  }
  assert.equal(closes, 10_000);
  assert.equal(engine.sessionCount, 0);
  const ws = await engine.workerStats();
  assert.deepEqual(
    ws.map((w) => [w.sessions, w.timers, w.sockets]),
    [
      [0, 0, 0],
      [0, 0, 0],
    ],
  );
  for (const [i, w] of ws.entries()) {
    console.log(
      `# worker ${i} heap ${(before[i]!.heapUsed / 1e6).toFixed(1)} -> ${(w.heapUsed / 1e6).toFixed(1)} MB (no forced GC in workers)`,
    );
    assert.ok(w.heapUsed - before[i]!.heapUsed < 32e6, 'worker heap bounded');
  }
  gc();
  const fds1 = openFds();
  const heap1 = process.memoryUsage().heapUsed;
  console.log(`# fds ${fds0} -> ${fds1}, main heap ${(heap0 / 1e6).toFixed(1)} -> ${(heap1 / 1e6).toFixed(1)} MB`);
  assert.equal(fds1, fds0, 'every socket closed (/proc/self/fd counts the workers too)');
  assert.ok(heap1 - heap0 < 8e6, 'main-thread heap back near baseline');
  await engine.close();
  assert.ok(!process.getActiveResourcesInfo().includes('UDPWRAP'));
});

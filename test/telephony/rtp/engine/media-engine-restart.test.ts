import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MediaEngine, mediaEngineTestHooks, type OpenSessionResult } from '../../../../src/telephony/rtp/engine/media-engine.ts';
import type { MediaSession, MediaSessionClosed } from '../../../../src/telephony/rtp/engine/media-session.ts';
import { encodePrompt } from '../../../../src/telephony/rtp/engine/prompt-frames.ts';
import { TEST_PORT_BASE, UdpPeer, until } from './udp-peer.ts';

/** Opens a session towards `peer` and checks media flows both ways: the peer hears our packets, we count its. */
async function exchange(engine: MediaEngine, peer: UdpPeer): Promise<MediaSession> {
  const r = await engine.openSession({
    law: 'pcmu',
    payloadType: 0,
    telephoneEventPt: 101,
    remoteAddress: '127.0.0.1',
    remotePort: peer.port,
  });
  assert.ok(r.ok, r.ok ? '' : r.message);
  const heard = peer.received.length;
  await until(() => peer.received.length >= heard + 3, 3000, 'packets from the session');
  for (let i = 0; i < 3; i++) peer.sendAudio(r.session.port);
  for (let tries = 0; ; tries++) {
    const st = await r.session.stats();
    if (st.packetsReceived === 3) break;
    assert.ok(tries < 100, 'the session received the peer packets');
    await new Promise((res) => setTimeout(res, 10));
  }
  return r.session;
}

test('a crashed worker (terminated) ends its sessions once with workerCrashed; the replacement takes new sessions on the same ports', async () => {
  // One worker, three ports: the new sessions can only get the first two if the dead worker's sockets were released.
  const engine = await MediaEngine.start({
    address: '127.0.0.1',
    portMin: TEST_PORT_BASE + 400,
    portMax: TEST_PORT_BASE + 405,
    workers: 1,
    restart: { backoffMs: 20 },
  });
  const crashed: number[] = [];
  const restarted: number[] = [];
  engine.on('workerCrashed', (c) => crashed.push(c.exitCode));
  engine.on('workerRestarted', (r) => restarted.push(r.restarts));
  const peers = await Promise.all([UdpPeer.open(0x501), UdpPeer.open(0x502)]);
  const before = await Promise.all(peers.map((p) => exchange(engine, p)));
  const ports = before.map((s) => s.port).sort();
  const closes: MediaSessionClosed[][] = [[], []];
  before.forEach((s, i) => s.on('close', (why) => closes[i]!.push(why)));

  // An open posted to the dying worker (its exit not seen yet) fails cleanly.
  const dying = engine[mediaEngineTestHooks].worker(0)!.terminate();
  const inFlight = engine.openSession({ law: 'pcmu', payloadType: 0 });
  await dying;
  await until(() => closes.every((c) => c.length === 1), 3000, 'close on both sessions');
  const late: OpenSessionResult = await inFlight;
  assert.ok(!late.ok && late.reason === 'workerLost', late.ok ? 'opened' : late.reason);
  assert.match(late.message, /media worker 0 crashed/);

  for (const c of closes) {
    assert.equal(c[0]!.reason, 'workerCrashed');
    assert.match(c[0]!.reason === 'workerCrashed' ? c[0]!.message : '', /media worker 0 crashed/);
  }
  assert.equal(before[0]!.closeReason?.reason, 'workerCrashed');
  await assert.rejects(before[0]!.stats(), /session closed/);
  await before[1]!.close(); // close() after the crash is a resolved no-op
  assert.equal(crashed.length, 1);

  // Opens made while the worker restarts wait for it.
  const after = await Promise.all(peers.map((p) => exchange(engine, p)));
  assert.deepEqual(restarted, [1]);
  assert.deepEqual(after.map((s) => s.port).sort(), ports);
  const prompt = encodePrompt(new Int16Array(160 * 3).fill(2000));
  const done = new Promise((r) => after[0]!.once('playbackDone', r));
  after[0]!.play('again', prompt);
  assert.deepEqual(await done, { playbackId: 'again', reason: 'finished' });
  const played = peers[0]!.received.filter((p) => p.payload.equals(Buffer.from(prompt.pcmu.subarray(0, 160))));
  assert.ok(played.length >= 1, 'the peer heard the prompt from the replacement worker');
  assert.equal(closes[0]!.length + closes[1]!.length, 2, 'close emitted once per session');

  const ends: MediaSessionClosed[] = [];
  for (const s of after) s.on('close', (why) => ends.push(why));
  await engine.close();
  assert.deepEqual(ends, [{ reason: 'closed' }, { reason: 'closed' }]);
  assert.deepEqual(crashed, [1], 'close() is no crash');
  for (const p of peers) p.close();
});

test('an uncaught exception inside the worker is a crash too (the main thread survives it); after maxRestarts in the window the engine gives up with a clear error', async () => {
  const engine = await MediaEngine.start({
    address: '127.0.0.1',
    portMin: TEST_PORT_BASE + 420,
    portMax: TEST_PORT_BASE + 439,
    workers: 1,
    restart: { maxRestarts: 1, windowMs: 60_000, backoffMs: 10 },
  });
  const crashes: { exitCode: number; error?: Error }[] = [];
  const failed: Error[] = [];
  engine.on('workerCrashed', (c) => crashes.push(c));
  engine.on('workerFailed', (f) => failed.push(f.error));
  const peer = await UdpPeer.open(0x601);
  const s1 = await exchange(engine, peer);
  // A malformed command (a prompt without its G.711 bytes) makes the worker throw inside its message handler.
  const breakWorker = (s: MediaSession) => {
    const w = engine[mediaEngineTestHooks].worker(0)!;
    w.postMessage({ type: 'prompt', promptId: 999, frames: { frameCount: 1 } });
    w.postMessage({ type: 'play', sessionId: s.id, playbackId: 'x', promptId: 999, bargeIn: false });
  };
  const closed1 = new Promise<MediaSessionClosed>((r) => s1.once('close', r));
  breakWorker(s1);
  const why1 = await closed1;
  assert.equal(why1.reason, 'workerCrashed');
  assert.match(why1.reason === 'workerCrashed' ? why1.message : '', /crashed \(exit code 1: Cannot read properties of undefined/);
  assert.equal(crashes[0]!.exitCode, 1);
  assert.ok(crashes[0]!.error instanceof Error);

  const s2 = await exchange(engine, peer); // restart 1 of 1 allowed
  const closed2 = new Promise<MediaSessionClosed>((r) => s2.once('close', r));
  breakWorker(s2);
  assert.equal((await closed2).reason, 'workerCrashed');
  await until(() => failed.length === 1, 3000, 'workerFailed');
  assert.match(failed[0]!.message, /media worker 0 crashed 2 times within 60 s and is not restarted again/);
  assert.equal(engine.runningWorkers, 0);
  const r = await engine.openSession({ law: 'pcmu', payloadType: 0 });
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.reason === 'workerLost' && /not restarted again/.test(r.message));
  await engine.close();
  await engine.close();
  peer.close();
});

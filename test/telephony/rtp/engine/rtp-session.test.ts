import { test } from 'node:test';
import assert from 'node:assert/strict';
import { digitPackets } from '../../../../src/telephony/rtp/rfc4733-sender.ts';
import { Pacer } from '../../../../src/telephony/rtp/engine/pacer.ts';
import { PortPool } from '../../../../src/telephony/rtp/engine/port-pool.ts';
import { encodePrompt } from '../../../../src/telephony/rtp/engine/prompt-frames.ts';
import { RtpSession } from '../../../../src/telephony/rtp/engine/rtp-session.ts';
import type { DtmfEvent, NegotiatedMedia, PlaybackDone, RtpSessionTuning } from '../../../../src/telephony/rtp/engine/rtp-session-types.ts';
import { sleep, TEST_PORT_BASE, UdpPeer, until } from './udp-peer.ts';

const now = () => performance.timeOrigin + performance.now();

async function openSession(
  media: Partial<NegotiatedMedia> = {},
  tuning: RtpSessionTuning = {},
  pool = new PortPool({ portMin: TEST_PORT_BASE + 3000, portMax: TEST_PORT_BASE + 3899 }),
) {
  const pacer = new Pacer({ now });
  const r = await RtpSession.open({
    address: '127.0.0.1',
    pool,
    pacer,
    media: { law: 'pcmu', payloadType: 0, telephoneEventPt: 101, ...media },
    now,
    ...tuning,
  });
  assert.ok(r.ok);
  const s = r.session;
  const dtmf: DtmfEvent[] = [];
  const done: PlaybackDone[] = [];
  s.on('dtmf', (d) => dtmf.push(d));
  s.on('playbackDone', (d) => done.push(d));
  return { s, pacer, pool, dtmf, done };
}

function tone(frames: number): Int16Array {
  const pcm = new Int16Array(frames * 160);
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000));
  return pcm;
}

test('a prompt reaches the peer: one packet per frame, payload = the encoded prompt, seq/ts +1/+160, marker at its start, silence around it', async () => {
  const peer = await UdpPeer.open();
  const { s, pacer, done } = await openSession({ remoteAddress: '127.0.0.1', remotePort: peer.port });
  const prompt = encodePrompt(tone(25));
  await until(() => peer.received.length >= 3, 3000, 'idle packets');
  const idle = peer.received.length;
  s.play('p1', prompt);
  await until(() => done.length === 1, 5000, 'playbackDone');
  await until(() => peer.received.length >= idle + 25 + 3, 3000, 'silence after');
  await s.close();
  peer.close();
  const r = peer.received;
  assert.ok(
    r.slice(0, idle).every((p) => p.payload.every((b) => b === 0xff)),
    'silence while idle',
  );
  const start = r.findIndex((p) => !p.payload.every((b) => b === 0xff));
  const played = r.slice(start, start + 25);
  assert.deepEqual(Buffer.concat(played.map((p) => p.payload)), Buffer.from(prompt.pcmu));
  assert.equal(played[0]!.marker, true);
  assert.ok(played.slice(1).every((p) => !p.marker));
  assert.ok(r[start + 25]!.payload.every((b) => b === 0xff));
  for (let i = 1; i < r.length; i++) {
    assert.equal(r[i]!.sequence, (r[i - 1]!.sequence + 1) & 0xffff);
    assert.equal((r[i]!.timestamp - r[i - 1]!.timestamp) % 160, 0);
    assert.ok(r[i]!.timestamp !== r[i - 1]!.timestamp);
    assert.equal(r[i]!.ssrc, s.ssrc);
  }
  assert.deepEqual(done, [{ playbackId: 'p1', reason: 'finished' }]);
  const gaps = played.slice(1).map((p, i) => p.atMs - played[i]!.atMs);
  gaps.sort((a, b) => a - b);
  console.log(`# send interval over 24 gaps: p50 ${gaps[12]!.toFixed(1)} ms, max ${gaps.at(-1)!.toFixed(1)} ms`);
  assert.equal(pacer.size, 0);
});

test('comedia: with no remote in the SDP it latches onto the first source and ignores a second one', async () => {
  const a = await UdpPeer.open(0x1111);
  const b = await UdpPeer.open(0x2222);
  const { s } = await openSession();
  const latched: { port: number }[] = [];
  s.on('latched', (l) => latched.push(l));
  for (let i = 0; i < 3; i++) a.sendAudio(s.port);
  await until(() => a.received.length >= 2, 3000, 'packets to the latched source');
  for (let i = 0; i < 10; i++) b.sendAudio(s.port);
  const digits = digitPackets({ digit: '5', durationMs: 60, payloadType: 101, ssrc: 0x2222, ...b.take(1) })!;
  for (const d of digits) b.sendRaw(s.port, d.packet);
  await sleep(150);
  const stats = s.stats();
  await s.close();
  assert.deepEqual(
    latched.map((l) => l.port),
    [a.port],
  );
  assert.equal(stats.packetsReceived, 3);
  assert.equal(stats.digitsReceived, 0);
  assert.equal(b.received.length, 0);
  a.close();
  b.close();
});

test('RFC 4733 digits from the peer: exactly one dtmf each; barge-in cuts the prompt within a frame', async () => {
  const peer = await UdpPeer.open();
  const { s, dtmf, done } = await openSession({ remoteAddress: '127.0.0.1', remotePort: peer.port });
  peer.sendAudio(s.port);
  peer.sendAudio(s.port);
  s.play('menu', encodePrompt(tone(500)), { bargeIn: true });
  await sleep(100);
  for (const digit of ['1', '#', '9']) {
    const packets = digitPackets({ digit, durationMs: 100, payloadType: 101, ssrc: peer.ssrc, ...peer.take(1) })!;
    for (const p of packets) peer.sendRaw(s.port, p.packet);
    await sleep(50);
  }
  await until(() => dtmf.length >= 3, 3000, 'digits');
  await sleep(100);
  await s.close();
  assert.deepEqual(
    dtmf.map((d) => [d.digit, d.source]),
    [
      ['1', 'rfc4733'],
      ['#', 'rfc4733'],
      ['9', 'rfc4733'],
    ],
  );
  assert.deepEqual(done, [{ playbackId: 'menu', reason: 'bargeIn' }]);
  // After the cut, only silence: the prompt never resumes.
  const firstPrompt = peer.received.findIndex((p) => !p.payload.every((b) => b === 0xff));
  const isPrompt = peer.received.map((p) => !p.payload.every((b) => b === 0xff));
  const lastPrompt = isPrompt.lastIndexOf(true);
  assert.ok(firstPrompt >= 0 && lastPrompt - firstPrompt < 20, `prompt ran ${lastPrompt - firstPrompt + 1} frames`);
  peer.close();
});

test('in-band DTMF is detected when no telephone-event was negotiated', async () => {
  const peer = await UdpPeer.open();
  const { s, dtmf } = await openSession({ telephoneEventPt: undefined });
  // 120 ms of '7' (852 + 1209 Hz) at about -10 dBFS each, µ-law, after a little silence.
  const pcm = new Int16Array(160 * 10);
  for (let i = 320; i < 320 + 960; i++)
    pcm[i] = Math.round(5000 * (Math.sin((2 * Math.PI * 852 * i) / 8000) + Math.sin((2 * Math.PI * 1209 * i) / 8000)));
  const frames = encodePrompt(pcm).pcmu;
  for (let f = 0; f < 10; f++) {
    const b = Buffer.alloc(172);
    b.set(frames.subarray(f * 160, (f + 1) * 160), 12);
    const { sequence, timestamp } = peer.take(1);
    b[0] = 0x80;
    b.writeUInt16BE(sequence, 2);
    b.writeUInt32BE(timestamp, 4);
    b.writeUInt32BE(peer.ssrc, 8);
    peer.sendRaw(s.port, b);
    await sleep(20);
  }
  await until(() => dtmf.length >= 1, 3000, 'in-band digit');
  await s.close();
  assert.deepEqual(
    dtmf.map((d) => [d.digit, d.source]),
    [['7', 'inband']],
  );
  peer.close();
});

test('sendDigit emits an RFC 4733 event the receiver decodes as one digit; rtpTimeout fires; close is idempotent and releases the port', async () => {
  const peer = await UdpPeer.open();
  const pool = new PortPool({ portMin: TEST_PORT_BASE + 3900, portMax: TEST_PORT_BASE + 3901 });
  const { s } = await openSession({ remoteAddress: '127.0.0.1', remotePort: peer.port, rtcpMux: true }, { rtpTimeoutMs: 200 }, pool);
  let timeouts = 0;
  let closes = 0;
  s.on('rtpTimeout', () => timeouts++);
  s.on('close', () => closes++);
  const second = await RtpSession.open({
    address: '127.0.0.1',
    pool,
    pacer: new Pacer({ now }),
    media: { law: 'pcma', payloadType: 8 },
    now,
  });
  assert.deepEqual(second.ok ? 'ok' : second.reason, 'portsExhausted');
  assert.equal(s.sendDigit('4'), true);
  assert.equal(s.sendDigit('x'), false);
  await until(() => peer.received.filter((p) => p.payloadType === 101).length >= 8, 3000, 'digit packets');
  await until(() => timeouts === 1, 3000, 'rtpTimeout');
  await Promise.all([s.close(), s.close()]);
  await s.close();
  await until(() => peer.rtcp.some((b) => b.includes(203)), 2000, 'BYE');
  assert.equal(closes, 1);
  assert.equal(pool.free, 1);
  const ev = peer.received.filter((p) => p.payloadType === 101);
  assert.equal(new Set(ev.map((p) => p.timestamp)).size, 1);
  assert.equal(ev[0]!.marker, true);
  assert.equal(ev[0]!.payload[0], 4);
  assert.equal(ev.filter((p) => p.payload[1]! & 0x80).length, 3);
  assert.ok(peer.rtcp.length >= 1, 'RTCP BYE on close (rtcp-mux: on the RTP port)');
  assert.equal(peer.rtcp.at(-1)!.includes(203), true);
  peer.close();
});

test('recording: stereo WAV, left = what the peer sent, right = what we played; finished by close()', async () => {
  const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'rtp-rec-'));
  const peer = await UdpPeer.open();
  const { s } = await openSession({ remoteAddress: '127.0.0.1', remotePort: peer.port });
  const results: { durationMs: number; dataBytes: number }[] = [];
  s.on('recordingDone', (r) => results.push(r));
  await s.startRecording(join(dir, 'call.wav'), 2);
  s.play('p', encodePrompt(tone(30)));
  for (let i = 0; i < 25; i++) {
    peer.sendAudio(s.port, 0, 0x10); // a loud constant µ-law code
    await sleep(20);
  }
  await s.close();
  assert.equal(results.length, 1);
  assert.ok(results[0]!.durationMs >= 200, `recorded ${results[0]!.durationMs} ms`);
  const wav = readFileSync(join(dir, 'call.wav'));
  assert.equal(wav.toString('ascii', 0, 4), 'RIFF');
  assert.equal(wav.readUInt16LE(22), 2);
  assert.equal(wav.readUInt32LE(40), wav.length - 44);
  let left = 0;
  let right = 0;
  for (let o = 44; o + 4 <= wav.length; o += 4) {
    if (wav.readInt16LE(o) !== 0) left++;
    if (wav.readInt16LE(o + 2) !== 0) right++;
  }
  assert.ok(left > 160 && right > 160, `non-silent samples: left ${left}, right ${right}`);
  peer.close();
  rmSync(dir, { recursive: true, force: true });
});

test('idle: with no prompt ever queued the session keeps sending G.711 silence every 20 ms (NAT and carrier keep-alive), also around a sent digit', async () => {
  const peer = await UdpPeer.open();
  const { s } = await openSession({ law: 'pcma', payloadType: 8, remoteAddress: '127.0.0.1', remotePort: peer.port });
  await until(() => peer.received.length >= 30, 3000, '30 idle packets');
  s.sendDigit('7');
  const afterDigit = peer.received.length;
  await until(() => peer.received.filter((p, i) => i > afterDigit && p.payloadType === 8).length >= 10, 3000, 'silence after the digit');
  await s.close();
  peer.close();
  const audio = peer.received.filter((p) => p.payloadType === 8);
  assert.ok(
    audio.every((p) => p.payload.length === 160 && p.payload.every((b) => b === 0xd5)),
    'A-law silence, 160 bytes',
  );
  assert.ok(
    peer.received.some((p) => p.payloadType === 101),
    'the digit went out between silence packets',
  );
  const idle = audio.slice(0, 30);
  let ticks = 0;
  for (let i = 1; i < idle.length; i++) {
    assert.equal(idle[i]!.sequence, (idle[i - 1]!.sequence + 1) & 0xffff);
    // 160 per 20 ms; a multiple of it only where the pacer skipped ticks after a stall of this shared machine.
    const step = (idle[i]!.timestamp - idle[i - 1]!.timestamp) >>> 0;
    assert.ok(step > 0 && step % 160 === 0, `timestamp step ${step}`);
    ticks += step / 160;
  }
  // Paced on the 20 ms media clock: the wall time the packets span matches the ticks they carry (generous bounds).
  const span = idle.at(-1)!.atMs - idle[0]!.atMs;
  assert.ok(span > ticks * 20 - 40 && span < ticks * 20 + 200, `${ticks} ticks in ${span.toFixed(0)} ms`);
  assert.ok(ticks < 29 * 2, `at most a few skipped ticks (${ticks - 29})`);
  assert.equal(idle[0]!.marker, true, 'the first packet starts the stream (marker)');
});

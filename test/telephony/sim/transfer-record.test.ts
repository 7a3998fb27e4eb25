import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import wavefile from 'wavefile';
import type { RecordingResult } from '../../../src/telephony/carrier.ts';
import type { SimRecording } from '../../../src/telephony/sim/sim-recording.ts';
import { closedOnceLast, simWorld, tape } from './support/sim-harness.ts';

/** A callee that answers at 1000 ms and stays on the line. */
function answered(config = {}) {
  const w = simWorld({ defaultOutcome: { kind: 'answer', ringSeconds: 1 }, ...config });
  const leg = w.dial('+8613800000000');
  const log = tape(leg, w.clock);
  w.clock.advanceTo(1000);
  assert.equal(leg.state, 'answered');
  return { ...w, leg, log };
}

const dir = mkdtempSync(join(tmpdir(), 'openccc-sim-rec-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const wavPath = () => join(dir, `r${++files}.wav`);

function doneOf(rec: SimRecording) {
  const heard: (RecordingResult | 'close')[] = [];
  const closed = new Promise<void>((resolve) => {
    rec.on('done', (r) => heard.push(r));
    rec.on('close', () => {
      heard.push('close');
      resolve();
    });
  });
  return { heard, closed };
}

/** The WAV as a player reads it: format and length. */
function wavOf(path: string) {
  const wav = new wavefile.WaveFile(readFileSync(path));
  const fmt = wav.fmt as { numChannels: number; sampleRate: number; bitsPerSample: number; audioFormat: number };
  const samples = wav.getSamples(true, Int16Array) as unknown as Int16Array;
  const { audioFormat, numChannels, sampleRate, bitsPerSample } = fmt;
  return {
    audioFormat,
    numChannels,
    sampleRate,
    bitsPerSample,
    durationMs: (samples.length / fmt.numChannels / fmt.sampleRate) * 1000,
    silent: samples.every((v) => v === 0),
  };
}

test('transfer: trying from a timer, accepted (202) after transferSeconds, completed, then the leg is closed', () => {
  const w = answered({ transferSeconds: 2.5 });
  w.leg.transfer('+8613900000000');
  assert.equal(w.log.length, 2, 'nothing inside transfer()');
  w.clock.runAll();
  assert.deepEqual(w.log, [
    [0, 'ringing'],
    [1000, 'answered'],
    [1000, 'transfer trying'],
    [3500, 'transfer accepted'],
    [3500, 'transfer completed'],
    [3500, 'close'],
  ]);
  const accepted = w.heard.find((h) => h.event.type === 'transfer' && h.event.state === 'accepted')!.event;
  assert.deepEqual(accepted, { type: 'transfer', target: '+8613900000000', state: 'accepted', sipStatus: 202 });
  assert.equal(w.leg.closed, true);
  assert.equal(w.carrier.activeCalls(), 0);
  assert.equal(w.clock.pendingTimers(), 0);
});

test('transfer: a hangup while it is trying ends the leg with close only', () => {
  const w = answered();
  w.leg.transfer('+8613900000000');
  w.clock.advanceTo(1500);
  w.leg.hangup();
  w.clock.runAll();
  assert.deepEqual(
    w.log.map(([, s]) => s),
    ['ringing', 'answered', 'transfer trying', 'close'],
  );
  assert.equal(w.clock.pendingTimers(), 0);
});

test('record(): stop() writes a silent 8 kHz WAV of the time recorded, then done once and close, never inside stop()', async () => {
  const w = answered();
  const path = wavPath();
  const rec = w.leg.record({ channels: 'stereo', path });
  const { heard, closed } = doneOf(rec);
  w.clock.advanceTo(4250);
  rec.stop();
  rec.stop();
  assert.deepEqual(heard, [], 'nothing inside stop()');
  await closed;
  assert.deepEqual(heard, [{ recordingId: rec.recordingId, path, durationMs: 3250 }, 'close']);
  assert.equal(rec.closed, true);
  assert.deepEqual(wavOf(path), { audioFormat: 1, numChannels: 2, sampleRate: 8000, bitsPerSample: 16, durationMs: 3250, silent: true });
  w.leg.close();
  w.clock.runAll();
  assert.equal(heard.length, 2);
  assert.equal(w.clock.pendingTimers(), 0);
});

test('record(): a recording ends with its leg (remote hangup), done once with the time recorded', async () => {
  const w = answered({ defaultOutcome: { kind: 'answer', ringSeconds: 1, hangupAfterSeconds: 6 } });
  w.clock.advanceTo(2000);
  const [pa, pb] = [wavPath(), wavPath()];
  const a = w.leg.record({ channels: 'mono', path: pa });
  const b = w.leg.record({ channels: 'stereo', path: pb });
  assert.notEqual(a.recordingId, b.recordingId);
  const da = doneOf(a);
  const db = doneOf(b);
  w.clock.runAll();
  assert.ok(closedOnceLast(w.log));
  await Promise.all([da.closed, db.closed]);
  assert.deepEqual(da.heard, [{ recordingId: a.recordingId, path: pa, durationMs: 5000 }, 'close']);
  assert.deepEqual(db.heard, [{ recordingId: b.recordingId, path: pb, durationMs: 5000 }, 'close']);
  assert.equal(wavOf(pa).durationMs, 5000);
  assert.equal(wavOf(pb).numChannels, 2);
  assert.equal(w.clock.pendingTimers(), 0);
});

test('record(): ended by carrier.close(); on an ended leg it completes empty', async () => {
  const w = answered();
  const rec = w.leg.record({ channels: 'mono', path: wavPath() });
  const d = doneOf(rec);
  w.clock.advanceTo(1800);
  await w.carrier.close();
  await d.closed;
  assert.deepEqual(d.heard, [{ recordingId: rec.recordingId, path: join(dir, `r${files}.wav`), durationMs: 800 }, 'close']);
  const latePath = wavPath();
  const late = w.leg.record({ channels: 'mono', path: latePath });
  const dl = doneOf(late);
  await dl.closed;
  assert.deepEqual(dl.heard, [{ recordingId: late.recordingId, path: latePath, durationMs: 0 }, 'close']);
  assert.equal(wavOf(latePath).durationMs, 0);
  assert.equal(w.clock.pendingTimers(), 0);
});

test('record(): close() abandons it (close now, no done, no file left); a path that cannot be written is reported in done', async () => {
  const w = answered();
  const path = wavPath();
  const rec = w.leg.record({ channels: 'mono', path });
  const d = doneOf(rec);
  w.clock.advanceTo(3000);
  rec.stop();
  rec.close();
  assert.deepEqual(d.heard, ['close']);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(d.heard, ['close']);
  assert.equal(existsSync(path), false);

  const bad = join(dir, 'missing-dir', 'x.wav');
  const broken = w.leg.record({ channels: 'mono', path: bad });
  const db = doneOf(broken);
  w.leg.hangup();
  await db.closed;
  const result = db.heard[0] as RecordingResult;
  assert.equal(result.path, bad);
  assert.match(result.error ?? '', /could not write/);
});

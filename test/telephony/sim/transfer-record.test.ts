import { test } from 'node:test';
import assert from 'node:assert/strict';
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

function doneOf(rec: SimRecording) {
  const heard: (RecordingResult | 'close')[] = [];
  rec.on('done', (r) => heard.push(r));
  rec.on('close', () => heard.push('close'));
  return heard;
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

test('record(): stop() completes it once with its duration, done then close, from a timer', () => {
  const w = answered();
  const rec = w.leg.record({ channels: 'stereo' });
  const heard = doneOf(rec);
  w.clock.advanceTo(4250);
  rec.stop();
  rec.stop();
  rec.close();
  assert.deepEqual(heard, [], 'nothing inside stop()');
  assert.equal(rec.closed, true);
  w.clock.advance(0);
  assert.deepEqual(heard, [{ recordingId: rec.recordingId, durationMs: 3250 }, 'close']);
  w.leg.close();
  w.clock.runAll();
  assert.equal(heard.length, 2);
  assert.equal(w.clock.pendingTimers(), 0);
});

test('record(): a recording ends with its leg (remote hangup), done once with the time recorded', () => {
  const w = answered({ defaultOutcome: { kind: 'answer', ringSeconds: 1, hangupAfterSeconds: 6 } });
  w.clock.advanceTo(2000);
  const a = w.leg.record({ channels: 'mono' });
  const b = w.leg.record({ channels: 'stereo' });
  assert.notEqual(a.recordingId, b.recordingId);
  const heardA = doneOf(a);
  const heardB = doneOf(b);
  w.clock.runAll();
  assert.ok(closedOnceLast(w.log));
  assert.deepEqual(heardA, [{ recordingId: a.recordingId, durationMs: 5000 }, 'close']);
  assert.deepEqual(heardB, [{ recordingId: b.recordingId, durationMs: 5000 }, 'close']);
  assert.equal(w.clock.pendingTimers(), 0);
});

test('record(): ended by the app closing the leg or by carrier.close(); on an ended leg it completes empty', async () => {
  const w = answered();
  const rec = w.leg.record({ channels: 'mono' });
  const heard = doneOf(rec);
  w.clock.advanceTo(1800);
  await w.carrier.close();
  w.clock.advance(0);
  assert.deepEqual(heard, [{ recordingId: rec.recordingId, durationMs: 800 }, 'close']);
  const late = w.leg.record({ channels: 'mono' });
  const heardLate = doneOf(late);
  assert.equal(late.closed, true);
  w.clock.advance(0);
  assert.deepEqual(heardLate, [{ recordingId: late.recordingId, durationMs: 0 }, 'close']);
  assert.equal(w.clock.pendingTimers(), 0);
});

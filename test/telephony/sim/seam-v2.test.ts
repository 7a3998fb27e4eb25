import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../../src/shared/clock.ts';
import { SimCarrier } from '../../../src/telephony/sim/sim-carrier.ts';
import { simCarrierConfigSchema } from '../../../src/telephony/sim/sim-config.ts';
import type { CallEvent } from './support/sim-harness.ts';
import { closedOnceLast, listen, simWorld, tape, textOf } from './support/sim-harness.ts';

// Carrier seam v2 on the sim line: every event from a timer, `close` once and last on every end path.
const ANSWERS = '+8613800000000';
const BUSY = '+8613900000001';
const REJECTS = '+8613900000005';
const RINGS = '+8613900000009';
const config = {
  defaultOutcome: { kind: 'answer' as const, ringSeconds: 1, digits: '12', hangupAfterSeconds: 10 },
  outcomes: [
    { match: BUSY, outcome: { kind: 'busy' as const } },
    { match: REJECTS, outcome: { kind: 'reject' as const, ringSeconds: 2 } },
    { match: RINGS, outcome: { kind: 'answer' as const, ringSeconds: 30 } },
  ],
};

function world() {
  const clock = new VirtualClock(0);
  const carrier = new SimCarrier(simCarrierConfigSchema.parse(config), clock);
  let n = 0;
  const dial = (callee: string) => {
    const leg = carrier.dial({ sessionId: `s${++n}`, caller: '+8610000000001', callee, maxRingMs: 60_000 });
    return { leg, log: tape(leg, clock) };
  };
  return { clock, carrier, dial };
}

test('a listener attached after dial() hears every event: dial() itself emits nothing', () => {
  const w = world();
  const leg = w.carrier.dial({ sessionId: 's1', caller: '+8610000000001', callee: ANSWERS, maxRingMs: 60_000 });
  const late: string[] = [];
  // Attached only after dial() returned: nothing can have been missed.
  listen(
    leg,
    (e) => late.push(e.type),
    () => late.push('close'),
  );
  w.clock.runAll();
  assert.deepEqual(late, ['ringing', 'answered', 'dtmf', 'dtmf', 'hangup', 'close']);
  assert.equal(w.clock.pendingTimers(), 0);
});

test('close is emitted exactly once, last, on every end path', async () => {
  const w = world();
  const failure = w.dial(BUSY);
  const remote = w.dial(ANSWERS);
  const appHangup = w.dial(RINGS);
  const closed = w.dial(ANSWERS);
  const byCarrier = w.dial(RINGS);
  w.clock.advanceTo(500);
  appHangup.leg.hangup();
  appHangup.leg.hangup();
  w.clock.advanceTo(1500);
  closed.leg.close();
  closed.leg.close();
  closed.leg.hangup();
  w.clock.advanceTo(12_000); // remote hangs up at 1 s + 10 s
  await w.carrier.close();
  await w.carrier.close();
  w.clock.runAll();
  for (const [name, c] of Object.entries({ failure, remote, appHangup, closed, byCarrier })) {
    assert.ok(closedOnceLast(c.log), `${name}: ${JSON.stringify(c.log)}`);
    assert.equal(c.leg.closed, true, name);
  }
  assert.deepEqual(failure.log, [
    [0, 'failed 206'],
    [0, 'close'],
  ]);
  assert.deepEqual(remote.log.at(-2), [11_000, 'hangup']);
  assert.deepEqual(appHangup.log, [
    [0, 'ringing'],
    [500, 'close'],
  ]);
  assert.deepEqual(closed.log.slice(-1), [[1500, 'close']]);
  assert.deepEqual(byCarrier.log.slice(-1), [[12_000, 'close']]);
  assert.equal(w.carrier.activeCalls(), 0);
  assert.equal(w.clock.pendingTimers(), 0);
});

test('failed carries the EndStatus and the SIP status a trunk would send: busy 486, reject 603', () => {
  const w = world();
  const failures: CallEvent[] = [];
  for (const callee of [BUSY, REJECTS]) {
    const leg = w.carrier.dial({ sessionId: callee, caller: '+8610000000001', callee, maxRingMs: 60_000 });
    leg.on('failed', (f) => failures.push({ type: 'failed', ...f }));
  }
  w.clock.runAll();
  assert.deepEqual(
    failures.map((f) => f.type === 'failed' && [f.endStatus, f.sipStatus, typeof f.reason]),
    [
      [206, 486, 'string'],
      [203, 603, 'string'],
    ],
  );
  assert.equal(w.clock.pendingTimers(), 0);
});

test('dtmf carries source sim and the media time since answer', () => {
  const w = world();
  const leg = w.carrier.dial({ sessionId: 's1', caller: '+8610000000001', callee: ANSWERS, maxRingMs: 60_000 });
  const digits: unknown[] = [];
  leg.on('dtmf', (d) => digits.push({ ...d, at: w.clock.now() }));
  w.clock.runAll();
  // Answered at 1 s; keys 1 s apart when nothing plays.
  assert.deepEqual(digits, [
    { digit: '1', source: 'sim', mediaTimeMs: 1000, at: 2000 },
    { digit: '2', source: 'sim', mediaTimeMs: 2000, at: 3000 },
  ]);
});

test('bargeIn: a key during a barge-in prompt cuts it at the carrier, playbackDone bargeIn comes before the dtmf', () => {
  const w = simWorld({ defaultOutcome: { kind: 'answer', ringSeconds: 1 } });
  const leg = w.dial(ANSWERS);
  w.clock.advanceTo(1000);
  leg.play('menu', textOf(1400), { bargeIn: true });
  w.clock.advanceTo(1300);
  // The scripted keypad only presses while no prompt plays ("when the IVR waits"), so no
  // script reaches this path; a key pressed mid-prompt is what an RTP digit would be.
  (leg as unknown as { press(d: string): void }).press('5');
  assert.deepEqual(w.story().slice(2), [
    [1300, 'bargeIn menu'],
    [1300, 'dtmf 5'],
  ]);
  assert.deepEqual(
    leg.played.map((p) => [p.endedAt, p.interrupted]),
    [[1300, true]],
  );
  leg.stopPlayback(); // the app's later stop is a no-op
  w.clock.runAll();
  assert.equal(w.story().filter(([, s]) => s.startsWith('interrupted')).length, 0);
  leg.close();
  assert.equal(w.closes.get('s1'), 1);
  assert.equal(w.clock.pendingTimers(), 0);
});

test('without bargeIn a mid-prompt key does not cut the prompt; stopPlayback reports stopped from a timer', () => {
  const w = simWorld({ defaultOutcome: { kind: 'answer', ringSeconds: 1 } });
  const leg = w.dial(ANSWERS);
  w.clock.advanceTo(1000);
  leg.play('a', textOf(1400));
  w.clock.advanceTo(1200);
  (leg as unknown as { press(d: string): void }).press('7');
  leg.stopPlayback();
  const heardInside = w.story().length;
  w.clock.advance(0);
  assert.deepEqual(w.story().slice(2), [
    [1200, 'dtmf 7'],
    [1200, 'interrupted a'],
  ]);
  assert.equal(heardInside, 3, 'stopped is reported from a timer, not inside stopPlayback()');
  leg.close();
  assert.equal(w.clock.pendingTimers(), 0);
});

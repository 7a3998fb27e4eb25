import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CarrierUnavailableError } from '../../../src/telephony/carrier.ts';
import { simWorld, textOf } from './support/sim-harness.ts';

const RINGS = '+8613900000009';
const BUSY = '+8613900000001';
const config = {
  defaultOutcome: { kind: 'answer' as const, ringSeconds: 1, digits: '12', hangupAfterSeconds: 60 },
  outcomes: [
    { match: RINGS, outcome: { kind: 'answer' as const, ringSeconds: 30 } },
    { match: BUSY, outcome: { kind: 'busy' as const } },
  ],
};

test('dial() reports nothing by itself, even for an immediate failure; the first event comes from the clock', () => {
  const w = simWorld(config);
  w.dial(BUSY);
  assert.deepEqual(w.heard, []);
  assert.equal(w.carrier.activeCalls(), 1);
  w.clock.advance(0);
  assert.deepEqual(w.story(), [[0, 'failed 206']]);
});

test('hangup() while ringing: no event ever follows, the leg is gone and owns no timer; hangup/close are idempotent', () => {
  const w = simWorld(config);
  const leg = w.dial(RINGS);
  w.clock.advanceTo(500);
  leg.hangup();
  leg.hangup();
  leg.close();
  assert.equal(leg.state, 'ended');
  assert.equal(w.carrier.activeCalls(), 0);
  assert.equal(w.clock.pendingTimers(), 0);
  w.clock.runAll();
  assert.deepEqual(w.story(), [[0, 'ringing']]);
});

test('hangup() after answer mid-prompt: no playbackDone, no keys, no hangup event', () => {
  const w = simWorld(config);
  const leg = w.dial('+8613800000000', { react: (e, l) => e.type === 'answered' && l.play('menu', textOf(1400)) });
  w.clock.advanceTo(1200);
  leg.hangup();
  assert.equal(w.clock.pendingTimers(), 0);
  w.clock.runAll();
  assert.deepEqual(w.story(), [
    [0, 'ringing'],
    [1000, 'answered'],
  ]);
});

test('close() alone releases a live leg the same way', () => {
  const w = simWorld(config);
  const leg = w.dial('+8613800000000');
  w.clock.advanceTo(1000);
  leg.close();
  leg.close();
  assert.equal(w.carrier.activeCalls(), 0);
  assert.equal(w.clock.pendingTimers(), 0);
});

test('the app hanging up from inside an event stops everything that was scheduled with it', () => {
  const w = simWorld(config);
  w.dial('+8613800000000', { react: (e, l) => e.type === 'answered' && l.hangup() });
  w.clock.runAll();
  assert.deepEqual(w.story(), [
    [0, 'ringing'],
    [1000, 'answered'],
  ]);
  assert.equal(w.clock.pendingTimers(), 0);
});

test('a leg is counted out before a terminal event is heard, so the listener may dial again at capacity', () => {
  const w = simWorld({ ...config, maxConcurrentCalls: 1 });
  let redialed = false;
  w.dial(BUSY, {
    react: (e) => {
      assert.equal(w.carrier.activeCalls(), 0);
      if (e.type === 'failed') w.dial(RINGS);
      redialed = true;
    },
  });
  w.clock.advance(0);
  assert.ok(redialed);
  assert.equal(w.carrier.activeCalls(), 1);
});

test('closing the leg after its terminal event (as the app does) is harmless', () => {
  const w = simWorld(config);
  w.dial(BUSY, { react: (_, l) => (l.hangup(), l.close()) });
  w.clock.runAll();
  assert.deepEqual(w.story(), [[0, 'failed 206']]);
  assert.equal(w.carrier.activeCalls(), 0);
});

test('beyond maxConcurrentCalls dial() throws CarrierUnavailableError; a call ending on any path frees its line', () => {
  const w = simWorld({ ...config, maxConcurrentCalls: 2 });
  const a = w.dial(RINGS);
  w.dial('+8613800000000');
  assert.throws(
    () => w.dial(RINGS),
    (err: unknown) => err instanceof CarrierUnavailableError && /2 simulated lines/.test(err.message),
  );
  a.hangup();
  const c = w.dial(RINGS);
  assert.equal(w.carrier.activeCalls(), 2);
  w.clock.advanceTo(61_000); // s2 hangs up remotely at 1 s + 60 s
  assert.equal(w.carrier.activeCalls(), 1);
  w.dial(BUSY);
  assert.throws(() => w.dial(BUSY), CarrierUnavailableError);
  w.clock.advance(0); // the busy call fails
  assert.equal(w.carrier.activeCalls(), 1);
  c.close();
  assert.equal(w.carrier.activeCalls(), 0);
});

test('carrier.close() hangs up every leg silently, leaves no timer, refuses new dials, and is idempotent', async () => {
  const w = simWorld(config);
  w.dial(RINGS);
  w.dial('+8613800000000', { react: (e, l) => e.type === 'answered' && l.play('menu', textOf(1400)) });
  w.dial(BUSY);
  w.clock.advanceTo(1500);
  const before = w.heard.length;
  await w.carrier.close();
  await w.carrier.close();
  assert.equal(w.carrier.activeCalls(), 0);
  assert.equal(w.clock.pendingTimers(), 0);
  w.clock.runAll();
  assert.equal(w.heard.length, before);
  assert.throws(
    () => w.dial(RINGS),
    (err: unknown) => err instanceof CarrierUnavailableError && /shut down/.test(err.message),
  );
});

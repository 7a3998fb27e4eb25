import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SimCallLeg } from '../../../src/telephony/sim/sim-call-leg.ts';
import { simWorld, textOf, type CallEvent, type SimConfigInput } from './support/sim-harness.ts';

type OutcomeInput = NonNullable<SimConfigInput['defaultOutcome']>;

const CALLEE = '+8613700000000';

function world(answer: Omit<Extract<OutcomeInput, { kind: 'answer' }>, 'kind'>) {
  return simWorld({ defaultOutcome: { kind: 'answer', ringSeconds: 1, ...answer } });
}

/**
 * A tiny IVR in the app's place: a 700 ms greeting on answer, then a 1400 ms menu prompt once it
 * ends, then a 1050 ms prompt after the first key (like the demo's "press 2, then a date").
 */
function miniIvr(event: CallEvent, leg: SimCallLeg): void {
  if (event.type === 'answered') leg.play('greeting', textOf(700));
  if (event.type === 'playbackDone' && event.playbackId === 'greeting') leg.play('menu', textOf(1400));
  if (event.type === 'dtmf' && leg.played.length === 2) leg.play('date', textOf(1050));
}

test('keys wait for the IVR: digitDelaySeconds after a prompt ends, digitIntervalSeconds between keys when silent', () => {
  const w = world({ digits: '20412#', digitDelaySeconds: 0.5, digitIntervalSeconds: 2 });
  w.dial(CALLEE, { react: miniIvr });
  w.clock.runAll();
  // answer 1000; greeting 1000-1700; menu 1700-3100; '2' at 3600; date prompt 3600-4650;
  // '0' at 5150, then one key every 2 s while nothing plays.
  assert.deepEqual(w.story(), [
    [0, 'ringing'],
    [1000, 'answered'],
    [1700, 'done greeting'],
    [3100, 'done menu'],
    [3600, 'dtmf 2'],
    [4650, 'done date'],
    [5150, 'dtmf 0'],
    [7150, 'dtmf 4'],
    [9150, 'dtmf 1'],
    [11_150, 'dtmf 2'],
    [13_150, 'dtmf #'],
  ]);
});

test('with no prompt at all, keys come digitIntervalSeconds after answer and after each other', () => {
  const w = world({ digits: '12', digitIntervalSeconds: 1.5, hangupAfterSeconds: 10 });
  w.dial(CALLEE);
  w.clock.runAll();
  assert.deepEqual(w.story(), [
    [0, 'ringing'],
    [1000, 'answered'],
    [2500, 'dtmf 1'],
    [4000, 'dtmf 2'],
    [11_000, 'hangup'],
  ]);
});

test('a key is never pressed while a prompt plays, however long it is', () => {
  const w = world({ digits: '1', digitIntervalSeconds: 0.1 });
  w.dial(CALLEE, { react: (e, leg) => e.type === 'answered' && leg.play('long', { kind: 'audio', path: '/x.wav', durationMs: 2000 }) });
  w.clock.runAll();
  assert.deepEqual(w.story(), [
    [0, 'ringing'],
    [1000, 'answered'],
    [3000, 'done long'],
    [4000, 'dtmf 1'],
  ]);
});

test('a prompt stopped by the IVR counts as ended: the next key follows digitDelaySeconds later', () => {
  const w = world({ digits: '9', digitDelaySeconds: 0.25 });
  const leg = w.dial(CALLEE, { react: (e, l) => e.type === 'answered' && l.play('p', textOf(7000)) });
  w.clock.advanceTo(1500);
  leg.stopPlayback();
  w.clock.runAll();
  assert.deepEqual(w.story(), [
    [0, 'ringing'],
    [1000, 'answered'],
    [1500, 'interrupted p'],
    [1750, 'dtmf 9'],
  ]);
});

test('a play() the app starts some time after answer still holds back a key that was due later', () => {
  const w = world({ digits: '5', digitIntervalSeconds: 3, digitDelaySeconds: 1 });
  const leg = w.dial(CALLEE);
  w.clock.advanceTo(2000);
  leg.play('late', textOf(1400));
  w.clock.runAll();
  assert.deepEqual(w.story(), [
    [0, 'ringing'],
    [1000, 'answered'],
    [3400, 'done late'],
    [4400, 'dtmf 5'],
  ]);
});

test('the callee stops after its last key, and digitsLeft tells what is still to come', () => {
  const w = world({ digits: '12' });
  const leg = w.dial(CALLEE);
  w.clock.advanceTo(2000);
  assert.equal(leg.digitsLeft, '2');
  w.clock.runAll();
  assert.equal(leg.digitsLeft, '');
  assert.equal(w.heard.filter((h) => h.event.type === 'dtmf').length, 2);
  assert.equal(w.clock.pendingTimers(), 0, 'nothing left to do until our side hangs up');
});

test('the callee hanging up cuts its remaining keys', () => {
  const w = world({ digits: '123', digitIntervalSeconds: 2, hangupAfterSeconds: 3 });
  w.dial(CALLEE);
  w.clock.runAll();
  assert.deepEqual(w.story(), [
    [0, 'ringing'],
    [1000, 'answered'],
    [3000, 'dtmf 1'],
    [4000, 'hangup'],
  ]);
});

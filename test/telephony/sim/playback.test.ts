import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { estimateSpeechMs, promptDurationMs } from '../../../src/domain/prompt.ts';
import { simWorld, textOf, type SimConfigInput } from './support/sim-harness.ts';

/** A world whose callee answers at 1000 ms and stays on the line. */
function answered(config: SimConfigInput = {}) {
  const w = simWorld({ defaultOutcome: { kind: 'answer', ringSeconds: 1 }, ...config });
  const leg = w.dial('+8613800000000');
  w.clock.advanceTo(1000);
  assert.equal(leg.state, 'answered');
  return { ...w, leg };
}

test('text plays 70 ms a character (250 ms a Han character), at least 400 ms; audio its measured length, else a fixed time', () => {
  assert.equal(promptDurationMs({ kind: 'text', text: 'Hi' }, 2000), 400);
  assert.equal(promptDurationMs({ kind: 'text', text: 'x'.repeat(10) }, 2000), 700);
  assert.equal(promptDurationMs({ kind: 'text', text: '您好请按一' }, 2000), 1250);
  assert.equal(promptDurationMs({ kind: 'audio', path: 'a.wav' }, 3500), 3500);
  assert.equal(promptDurationMs({ kind: 'audio', path: 'a.wav', durationMs: 600 }, 3500), 600);
});

test('property: text prompts last exactly what `openccc ivr simulate` estimates', () => {
  fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => promptDurationMs({ kind: 'text', text }, 0) === estimateSpeechMs(text)));
});

test('play() reports done after its duration, from a timer; audio of unknown length uses audioPromptSeconds', () => {
  const w = answered({ audioPromptSeconds: 3.5 });
  w.leg.play('a', textOf(840));
  assert.equal(w.heard.length, 2, 'nothing reported inside play()');
  w.clock.advanceTo(3000);
  w.leg.play('b', { kind: 'audio', path: '/prompts/menu.wav' });
  w.clock.runAll();
  assert.deepEqual(w.story().slice(2), [
    [1840, 'done a'],
    [6500, 'done b'],
  ]);
  assert.deepEqual(
    w.leg.played.map((p) => [p.playbackId, p.startedAt, p.endedAt, p.interrupted]),
    [
      ['a', 1000, 1840, false],
      ['b', 3000, 6500, false],
    ],
  );
});

test('stopPlayback() reports the current prompt interrupted at once (via a 0 ms timer); nothing when silent', () => {
  const w = answered();
  w.leg.play('a', textOf(1400));
  w.clock.advanceTo(1300);
  w.leg.stopPlayback();
  assert.equal(w.heard.length, 2, 'not inside stopPlayback()');
  w.clock.advance(0);
  w.leg.stopPlayback();
  w.clock.runAll();
  assert.deepEqual(w.story().slice(2), [[1300, 'interrupted a']]);
  assert.deepEqual(w.leg.played[0], { playbackId: 'a', prompt: textOf(1400), startedAt: 1000, endedAt: 1300, interrupted: true });
});

test('a new play() replaces the current one, which is reported interrupted', () => {
  const w = answered();
  w.leg.play('a', textOf(1400));
  w.clock.advanceTo(1500);
  w.leg.play('b', textOf(490));
  w.clock.runAll();
  assert.deepEqual(w.story().slice(2), [
    [1500, 'interrupted a'],
    [1990, 'done b'],
  ]);
});

test('play() before answer is a bug and throws; after the call ended it is ignored', () => {
  const w = simWorld({ defaultOutcome: { kind: 'answer', ringSeconds: 5 } });
  const leg = w.dial('+8613800000000');
  assert.throws(() => leg.play('early', textOf(700)), /before answer/);
  w.clock.advanceTo(5000);
  leg.hangup();
  leg.play('late', textOf(700));
  leg.stopPlayback();
  w.clock.runAll();
  assert.deepEqual(w.story(), [
    [0, 'ringing'],
    [5000, 'answered'],
  ]);
  assert.equal(w.clock.pendingTimers(), 0);
  assert.deepEqual(leg.played, []);
});

test('a prompt cut by the end of the call is never reported, and is marked interrupted in played', () => {
  const w = simWorld({ defaultOutcome: { kind: 'answer', ringSeconds: 1, hangupAfterSeconds: 2 } });
  const leg = w.dial('+8613800000000', { react: (e, l) => e.type === 'answered' && l.play('long', textOf(7000)) });
  w.clock.runAll();
  assert.deepEqual(w.story(), [
    [0, 'ringing'],
    [1000, 'answered'],
    [3000, 'hangup'],
  ]);
  assert.deepEqual([leg.played[0]?.endedAt, leg.played[0]?.interrupted], [3000, true]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateSpeechMs } from '../../../src/domain/prompt.ts';
import type { TextPrompt } from '../../../src/telephony/sim/sim-line.ts';
import { simWorld } from './support/sim-harness.ts';

// Text prompts timed by TTS (textPromptMs): measured ahead (a number) or rendered on first play (a promise).

/** A world whose callee answers at 1000 ms and stays on, with `timing` as the carrier's textPromptMs. */
function answered(timing: (p: TextPrompt) => number | Promise<number> | undefined) {
  const w = simWorld({ defaultOutcome: { kind: 'answer', ringSeconds: 1 } }, { textPromptMs: timing });
  const leg = w.dial('+8613800000000');
  w.clock.advanceTo(1000);
  return { ...w, leg };
}

const flush = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
};

test('a measured text plays its measured length; an unmeasured one keeps the estimate; audio is untouched', () => {
  const w = answered((p) => (p.text === 'Welcome' ? 1234 : undefined));
  w.leg.play('a', { kind: 'text', text: 'Welcome' });
  w.clock.runAll();
  w.leg.play('b', { kind: 'text', text: 'Goodbye and thanks' });
  w.clock.runAll();
  w.leg.play('c', { kind: 'audio', path: '/p.wav', durationMs: 500 });
  w.clock.runAll();
  assert.deepEqual(
    w.leg.played.map((p) => [p.playbackId, p.endedAt! - p.startedAt]),
    [
      ['a', 1234],
      ['b', estimateSpeechMs('Goodbye and thanks')],
      ['c', 500],
    ],
  );
});

test('a text rendered on first play counts from play(); a failed render keeps the estimate; a cut prompt stays cut', async () => {
  let release!: (ms: number) => void;
  let fail!: (e: Error) => void;
  const renders: Promise<number>[] = [];
  const w = answered(() => {
    const p = new Promise<number>((res, rej) => ((release = res), (fail = rej)));
    renders.push(p);
    return p;
  });
  w.leg.play('a', { kind: 'text', text: 'Your parcel SF1 arrives' });
  w.clock.advance(300); // rendering took 300 ms of line time
  release(2000);
  await flush();
  w.clock.runAll();
  assert.deepEqual(w.story().slice(2), [[3000, 'done a']]);

  w.leg.play('b', { kind: 'text', text: 'Hello' });
  fail(new Error('engine died'));
  await flush();
  w.clock.runAll();
  assert.equal(w.leg.played[1]!.endedAt! - w.leg.played[1]!.startedAt, estimateSpeechMs('Hello'));

  w.leg.play('c', { kind: 'text', text: 'Cut me' });
  w.clock.advance(100);
  w.leg.stopPlayback();
  release(5000);
  await flush();
  w.clock.runAll();
  assert.deepEqual(w.story().slice(4), [[w.leg.played[2]!.startedAt + 100, 'interrupted c']], 'no second report after the render');
  assert.equal(renders.length, 3);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameAt, splitFrames, toPromptAudio } from '../../../src/media/audio/frames.ts';
import { FRAME_SAMPLES } from '../../../src/media/audio/prompt-audio.ts';

test('whole frames are kept without a copy; durations are exact', () => {
  const pcm = Int16Array.from({ length: 4800 }, (_, i) => i);
  const a = toPromptAudio(pcm);
  assert.equal(a.pcm, pcm);
  assert.equal(a.frames, 30);
  assert.equal(a.durationMs, 600);
});

test('the last frame is padded with silence; durationMs is the real length, fractional if need be', () => {
  const a = toPromptAudio(Int16Array.from({ length: 161 }, () => 7));
  assert.equal(a.frames, 2);
  assert.equal(a.pcm.length, 320);
  assert.equal(a.durationMs, 20.125);
  const frames = splitFrames(a);
  assert.equal(frames.length, 2);
  assert.ok(frames[0]!.every((v) => v === 7));
  assert.deepEqual([...frames[1]!.subarray(0, 2)], [7, 0]);
  assert.ok(frames[1]!.subarray(1).every((v) => v === 0));
});

test('frames are 160-sample views into the prompt, not copies', () => {
  const a = toPromptAudio(new Int16Array(480));
  const f = frameAt(a, 2);
  assert.equal(f.length, FRAME_SAMPLES);
  assert.equal(f.buffer, a.pcm.buffer);
  assert.equal(f.byteOffset, 2 * FRAME_SAMPLES * 2);
  assert.throws(() => frameAt(a, 3), RangeError);
  assert.throws(() => frameAt(a, -1), RangeError);
});

test('empty audio has no frames', () => {
  const a = toPromptAudio(new Int16Array(0));
  assert.deepEqual([a.frames, a.durationMs, splitFrames(a).length], [0, 0, 0]);
});

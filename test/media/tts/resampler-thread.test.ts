import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resamplePcm16 } from '../../../src/media/tts/resample.ts';
import { ResamplerThread } from '../../../src/media/tts/resampler-thread.ts';
import { TtsError } from '../../../src/media/tts/text-to-speech.ts';
import { tone } from './support/audio-measures.ts';

test('the thread gives exactly what the filter gives on this thread, for concurrent calls', async () => {
  const thread = new ResamplerThread();
  try {
    const inputs = [tone(440, 22050, 22050), tone(1000, 22050, 11025), tone(3000, 16000, 16000)];
    const expected = inputs.map((pcm, i) => resamplePcm16(pcm, i === 2 ? 16000 : 22050, 8000));
    const got = await Promise.all(inputs.map((pcm, i) => thread.resample(pcm.slice(), i === 2 ? 16000 : 22050, 8000)));
    got.forEach((pcm, i) => assert.deepEqual([...pcm], [...expected[i]!]));
  } finally {
    await thread.close();
  }
});

test('the input buffer is handed over to the thread; same rate needs no thread', async () => {
  const thread = new ResamplerThread();
  try {
    const pcm = tone(440, 22050, 2205);
    await thread.resample(pcm, 22050, 8000);
    assert.equal(pcm.length, 0, 'transferred, so detached here');
    const same = tone(440, 8000, 80);
    assert.equal(await thread.resample(same, 8000, 8000), same);
  } finally {
    await thread.close();
  }
});

test('close() is idempotent; a call after it fails with closed', async () => {
  const thread = new ResamplerThread();
  thread.warm();
  await thread.close();
  await thread.close();
  await assert.rejects(thread.resample(tone(440, 22050, 100), 22050, 8000), (e: unknown) => e instanceof TtsError && e.code === 'closed');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePcmWav } from '../../../../src/media/tts/pcm-wav.ts';
import type { PromptFrames } from '../../../../src/telephony/rtp/engine/prompt-frames.ts';
import { PromptSource } from '../../../../src/telephony/sip/carrier/prompt-source.ts';

function wav(dir: string, name: string, seconds: number, rate = 8000): string {
  const pcm = new Int16Array(rate * seconds);
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(4000 * Math.sin((2 * Math.PI * 300 * i) / rate));
  const file = join(dir, name);
  writeFileSync(file, encodePcmWav({ pcm, sampleRate: rate }));
  return file;
}

test('WAV prompts: encoded once and shared, 20 ms frames at 8 kHz; over the frames budget the oldest is forgotten by the workers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'openccc-prompts-'));
  try {
    const forgotten: PromptFrames[] = [];
    // One second is 50 frames, 16,000 bytes in both laws: a budget of 20,000 bytes holds one prompt.
    const source = new PromptSource({ framesBytes: 20_000, onForget: (f) => forgotten.push(f) });
    const a = wav(dir, 'a.wav', 1);
    const b = wav(dir, 'b.wav', 1, 16000);
    const fa = await source.frames({ kind: 'audio', path: a });
    assert.equal(fa.frameCount, 50);
    assert.equal(await source.frames({ kind: 'audio', path: a }), fa, 'the same frames for the same file');
    const fb = await source.frames({ kind: 'audio', path: b });
    assert.equal(fb.frameCount, 50, '16 kHz resampled to 8 kHz');
    assert.deepEqual(forgotten, [fa]);
    await source.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing WAV file and a text prompt without TTS reject with a plain reason', async () => {
  const source = new PromptSource();
  await assert.rejects(source.frames({ kind: 'audio', path: '/nonexistent/x.wav' }), /no such file/);
  await assert.rejects(source.frames({ kind: 'text', text: 'hello' }), /no text-to-speech/);
});

import assert from 'node:assert/strict';
import { after } from 'node:test';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EspeakProcessTts } from '../../../src/media/tts/espeak-process-tts.ts';
import { decodePcmWav } from '../../../src/media/tts/pcm-wav.ts';
import { TtsError } from '../../../src/media/tts/text-to-speech.ts';
import { TtsCache } from '../../../src/media/tts/tts-cache.ts';
import { pluginTest } from './support/plugin-gate.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function freshCache(entry: string, memoryBytes?: number) {
  const dir = mkdtempSync(join(tmpdir(), 'openccc-tts-cache-'));
  dirs.push(dir);
  const engine = new EspeakProcessTts({ entry });
  return { engine, dir, cache: new TtsCache(memoryBytes === undefined ? { engine, dir } : { engine, dir, memoryBytes }) };
}

pluginTest('the second call is a hit: no new request reaches the plug-in, and the audio is the same', async (_t, entry) => {
  const { engine, cache } = freshCache(entry);
  try {
    const first = await cache.synthesize('Thank you for calling', 'en');
    assert.equal(engine.requestCount, 1);
    const second = await cache.synthesize('Thank you for calling', 'en');
    assert.equal(engine.requestCount, 1, 'served from the cache');
    assert.equal(second, first);
    assert.deepEqual(cache.stats, { memoryHits: 1, diskHits: 0, renders: 1, writeFailures: 0 });
    await cache.synthesize('Thank you for calling', 'en-us');
    await cache.synthesize('Thank you for calling!', 'en');
    assert.equal(engine.requestCount, 3, 'another voice or another text is another prompt');
  } finally {
    await cache.close();
  }
});

pluginTest('concurrent identical requests share one synthesis', async (_t, entry) => {
  const { engine, cache } = freshCache(entry);
  try {
    const all = await Promise.all(Array.from({ length: 5 }, () => cache.synthesize('感谢您的来电')));
    assert.equal(engine.requestCount, 1);
    assert.ok(all.every((a) => a === all[0]));
    assert.equal(cache.stats.renders, 1);
  } finally {
    await cache.close();
  }
});

pluginTest('prompts persist as 8 kHz WAV files, written atomically, read back by a new cache without the engine', async (_t, entry) => {
  const { cache, dir } = freshCache(entry);
  const spoken = await cache.synthesize('Your call is important to us', 'en');
  await cache.close();
  const files = readdirSync(dir);
  assert.deepEqual(files, [cache.fileFor('Your call is important to us', 'en').split('/').pop()], 'one file, no temp file left');
  const onDisk = decodePcmWav(readFileSync(join(dir, files[0]!)));
  assert.equal(onDisk?.sampleRate, 8000);
  assert.deepEqual([...onDisk!.pcm], [...spoken.pcm]);

  const engine = new EspeakProcessTts({ entry });
  const again = new TtsCache({ engine, dir });
  try {
    const read = await again.synthesize('Your call is important to us', 'en');
    assert.equal(engine.requestCount, 0, 'read from disk: the plug-in was never asked');
    assert.equal(engine.childPid, undefined, 'not even started');
    assert.equal(again.stats.diskHits, 1);
    assert.deepEqual([...read.pcm], [...spoken.pcm]);
  } finally {
    await again.close();
  }
});

pluginTest('a damaged cache file is rendered again and replaced', async (_t, entry) => {
  const { engine, cache } = freshCache(entry);
  try {
    const file = cache.fileFor('Goodbye', 'en');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, 'RIFF-not-really');
    const audio = await cache.synthesize('Goodbye', 'en');
    assert.equal(engine.requestCount, 1);
    assert.equal(decodePcmWav(readFileSync(file))?.pcm.length, audio.pcm.length);
  } finally {
    await cache.close();
  }
});

pluginTest('the memory LRU is bounded: an evicted prompt comes back from disk, not from the engine', async (_t, entry) => {
  const { engine, cache } = freshCache(entry, 30_000); // room for one of these prompts (~1.2 s = ~19 kB), not two
  try {
    const sales = await cache.synthesize('Press one for sales', 'en');
    const support = await cache.synthesize('Press two for support', 'en');
    assert.ok(sales.pcm.byteLength + support.pcm.byteLength > 30_000 && support.pcm.byteLength <= 30_000);
    await cache.synthesize('Press one for sales', 'en');
    assert.equal(engine.requestCount, 2);
    assert.equal(cache.stats.diskHits, 1);
  } finally {
    await cache.close();
  }
});

pluginTest('failures are not cached, and close() closes the engine it owns', async (_t, entry) => {
  const { engine, cache } = freshCache(entry);
  await assert.rejects(cache.synthesize('hello', 'xx-nowhere'), (e: unknown) => e instanceof TtsError && e.code === 'unknown-voice');
  await assert.rejects(cache.synthesize('hello', 'xx-nowhere'), (e: unknown) => e instanceof TtsError && e.code === 'unknown-voice');
  assert.equal(engine.requestCount, 2);
  await cache.close();
  assert.equal(engine.childPid, undefined);
  await assert.rejects(cache.synthesize('hello', 'en'), (e: unknown) => e instanceof TtsError && e.code === 'closed');
});

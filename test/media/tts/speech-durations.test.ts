import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EspeakProcessTts } from '../../../src/media/tts/espeak-process-tts.ts';
import { audioDurationMs, SpeechDurations } from '../../../src/media/tts/speech-durations.ts';
import { TtsCache } from '../../../src/media/tts/tts-cache.ts';
import { pluginTest } from './support/plugin-gate.ts';

pluginTest(
  'prepare measures each distinct text once through the cache; a voice the engine lacks is a failure, not a throw',
  async (_t, entry) => {
    const dir = mkdtempSync(join(tmpdir(), 'openccc-speech-durations-'));
    const tts = new TtsCache({ engine: new EspeakProcessTts({ entry }), dir });
    try {
      const d = new SpeechDurations(tts);
      assert.equal(d.durationMs('Welcome'), undefined);
      const progress: string[] = [];
      const r = await d.prepare(
        [{ text: 'Welcome' }, { text: 'Welcome', voice: 'en' }, { text: '您好' }, { text: 'Hi', voice: 'no-such-voice' }],
        (done, total) => progress.push(`${done}/${total}`),
      );
      assert.equal(r.measured, 2, 'the default voice of an English text is en: one entry');
      assert.equal(r.failures.length, 1);
      assert.match(r.failures[0]!.reason, /no voice/);
      assert.deepEqual(progress, ['1/3', '2/3', '3/3']);
      const welcome = await tts.synthesize('Welcome');
      assert.equal(d.durationMs('Welcome'), audioDurationMs(welcome.pcm.length, welcome.sampleRate));
      assert.equal(d.durationMs('Welcome', 'en'), d.durationMs('Welcome'));
      assert.ok(d.durationMs('您好')! > 300);
      assert.equal(tts.stats.renders, 3, 'Welcome, 您好, and the refused voice');
      await d.prepare([{ text: 'Welcome' }]);
      assert.equal(tts.stats.renders, 3, 'what is measured is not asked again');
    } finally {
      await tts.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

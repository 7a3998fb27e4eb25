import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isTtsUnavailable, openTextToSpeech } from '../../../src/media/tts/open-tts.ts';
import { pluginTest } from './support/plugin-gate.ts';

test('without the plug-in package: a plain reason, nothing started', () => {
  const t = openTextToSpeech({ cacheDir: '/nonexistent', pluginSpecifier: '@openccc/tts-absent/server' });
  assert.ok(isTtsUnavailable(t));
  assert.match(t.unavailable, /TTS plug-in not installed/);
  assert.match(t.unavailable, /@openccc\/tts-absent/);
});

pluginTest('with the plug-in: a cached espeak-ng engine that speaks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'openccc-tts-open-'));
  const t = openTextToSpeech({ cacheDir: dir });
  try {
    assert.ok(!isTtsUnavailable(t));
    assert.equal(t.name, 'espeak-ng');
    const audio = await t.synthesize('Welcome');
    assert.equal(audio.sampleRate, 8000);
    assert.ok(audio.pcm.length > 2000);
  } finally {
    if (!isTtsUnavailable(t)) await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

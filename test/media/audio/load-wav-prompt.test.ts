import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadWavPrompt } from '../../../src/media/audio/load-wav-prompt.ts';
import { PromptCache } from '../../../src/media/audio/prompt-cache.ts';
import { makeWav, sine } from './wav-fixtures.ts';

function tempDir(t: { after: (fn: () => void) => void }) {
  const dir = mkdtempSync(join(tmpdir(), 'openccc-prompt-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('loads, converts once, then serves the cache until the file changes', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'hello.wav');
  writeFileSync(file, makeWav('16', 44100, [sine(440, 44100, 0.5), sine(440, 44100, 0.5)]));
  const cache = new PromptCache(1 << 20);
  const first = await loadWavPrompt(file, { cache });
  assert.ok(first.ok);
  assert.equal(first.cached, false);
  assert.deepEqual([first.audio.durationMs, first.audio.frames, first.sourceFormat?.sampleRate], [500, 25, 44100]);
  // A relative path names the same absolute key.
  const again = await loadWavPrompt(relative(process.cwd(), file), { cache });
  assert.ok(again.ok && again.cached && again.audio === first.audio);

  writeFileSync(file, makeWav('8m', 8000, [sine(440, 8000, 0.2)]));
  utimesSync(file, new Date(), new Date(statSync(file).mtimeMs + 5000));
  const changed = await loadWavPrompt(file, { cache });
  assert.ok(changed.ok && !changed.cached);
  assert.equal(changed.audio.durationMs, 200);
  assert.equal(cache.stats().entries, 1);
});

test('reasons: missing file, a directory, too big, not a WAV', async (t) => {
  const dir = tempDir(t);
  const notWav = join(dir, 'notes.wav');
  writeFileSync(notWav, 'ID3 not really audio');
  const big = join(dir, 'big.wav');
  writeFileSync(big, makeWav('16', 8000, [sine(440, 8000, 1)]));
  const cases: [string, RegExp, object?][] = [
    [join(dir, 'missing.wav'), /no such file/],
    [dir, /not a regular file/],
    [big, /over the 1000-byte limit/, { maxFileBytes: 1000 }],
    [big, /over the 500 ms limit/, { maxDurationMs: 500 }],
    [notWav, /not a RIFF\/WAVE file/],
  ];
  for (const [path, reason, opts] of cases) {
    const r = await loadWavPrompt(path, opts);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.match(r.reason, reason);
      assert.equal(r.path, path);
    }
  }
});

test('overlapping loads of a cold file share one decode', async (t) => {
  const file = join(tempDir(t), 'campaign.wav');
  writeFileSync(file, makeWav('16', 22050, [sine(440, 22050, 0.3)]));
  const cache = new PromptCache(1 << 20);
  const all = await Promise.all(Array.from({ length: 5 }, () => loadWavPrompt(file, { cache })));
  assert.ok(all.every((r) => r.ok));
  const audios = new Set(all.map((r) => (r.ok ? r.audio : undefined)));
  assert.equal(audios.size, 1);
  assert.equal(all.filter((r) => r.ok && !r.cached).length, 1, 'one decode, four shared');
  // Without a cache nothing is shared or kept.
  const [a, b] = await Promise.all([loadWavPrompt(file), loadWavPrompt(file)]);
  assert.ok(a.ok && b.ok && a.audio !== b.audio && !a.cached && !b.cached);
});

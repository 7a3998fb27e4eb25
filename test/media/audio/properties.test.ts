import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeWavPrompt } from '../../../src/media/audio/decode-wav-prompt.ts';
import { readWavLayout } from '../../../src/media/audio/wav-layout.ts';
import { makeWav, sine } from './wav-fixtures.ts';

const valid = makeWav('16', 22050, [sine(440, 22050, 0.02), sine(440, 22050, 0.02)]);

function checkNeverThrows(bytes: Uint8Array) {
  const r = decodeWavPrompt(bytes, { maxDurationMs: 5000 });
  if (r.ok) {
    // Whatever was accepted is consistent: 8 kHz output matching the source's duration.
    assert.equal(r.pcm.length, Math.round((r.sourceFormat.durationMs * 8000) / 1000));
  } else {
    assert.ok(r.reason.length > 0);
  }
}

test('decodeWavPrompt never throws on random bytes', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), checkNeverThrows), { numRuns: 2000 });
});

test('decodeWavPrompt never throws on a valid WAV with random header bytes changed or cut short', () => {
  const mutated = fc
    .tuple(fc.array(fc.tuple(fc.nat(80), fc.nat(255)), { minLength: 1, maxLength: 6 }), fc.nat(valid.length))
    .map(([edits, cut]) => {
      const b = valid.slice(0, Math.max(cut, 12));
      for (const [at, v] of edits) if (at < b.length) b[at] = v;
      return b;
    });
  fc.assert(fc.property(mutated, checkNeverThrows), { numRuns: 1500 });
});

test('a RIFF header followed by random chunks never throws and never reads past the end', () => {
  const body = fc.uint8Array({ maxLength: 120 }).map((b) => {
    const out = new Uint8Array(12 + b.length);
    out.set([82, 73, 70, 70, 0, 0, 0, 0, 87, 65, 86, 69]);
    out.set(b, 12);
    return out;
  });
  fc.assert(
    fc.property(body, (b) => {
      const r = readWavLayout(b);
      if (r.ok) assert.ok(r.layout.dataEnd <= b.length && r.layout.dataStart <= r.layout.dataEnd);
      checkNeverThrows(b);
    }),
    { numRuns: 2000 },
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodePcmWav, encodePcmWav } from '../../../src/media/tts/pcm-wav.ts';
import { tone } from './support/audio-measures.ts';

test('8 kHz PCM16 round-trips sample-exact through the WAV file', () => {
  const pcm = tone(440, 8000, 8000);
  const back = decodePcmWav(encodePcmWav({ pcm, sampleRate: 8000 }));
  assert.ok(back);
  assert.equal(back.sampleRate, 8000);
  assert.deepEqual([...back.pcm], [...pcm]);
});

test('a cut-off file or another format is refused, not misread', () => {
  const bytes = encodePcmWav({ pcm: tone(440, 8000, 800), sampleRate: 8000 });
  assert.equal(decodePcmWav(bytes.subarray(0, bytes.length - 100)), undefined);
  assert.equal(decodePcmWav(new Uint8Array(0)), undefined);
  assert.equal(decodePcmWav(Buffer.from('RIFF....WAVEfmt nonsense')), undefined);
});

test('property: decoding arbitrary bytes never throws', () => {
  const header = encodePcmWav({ pcm: new Int16Array(4), sampleRate: 8000 }).subarray(0, 44);
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 120 }), fc.boolean(), (tail, withHeader) => {
      decodePcmWav(withHeader ? Buffer.concat([header, tail]) : tail);
    }),
  );
});

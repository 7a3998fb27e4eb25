import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import wavefile from 'wavefile';
import { downmixPcm16, downmixTo16 } from '../../../src/media/audio/downmix.ts';
import { chunkOffset } from './wav-fixtures.ts';

test('the 16-bit fast path matches wavefile’s unpacker + downmixTo16 on any samples, 1-4 channels', () => {
  const input = fc
    .integer({ min: 1, max: 4 })
    .chain((ch) => fc.tuple(fc.constant(ch), fc.array(fc.integer({ min: -32768, max: 32767 }), { minLength: ch, maxLength: 40 * ch })));
  fc.assert(
    fc.property(input, ([ch, xs]) => {
      const frames = Math.floor(xs.length / ch);
      const chans = Array.from({ length: ch }, (_, c) => Array.from({ length: frames }, (_, i) => xs[i * ch + c]!));
      const w = new wavefile.WaveFile();
      w.fromScratch(ch, 8000, '16', ch === 1 ? chans[0]! : chans);
      const bytes = w.toBuffer();
      const viaWavefile = w.getSamples(false) as unknown as Float64Array | Float64Array[];
      const expected = downmixTo16(ch === 1 ? [viaWavefile as Float64Array] : (viaWavefile as Float64Array[]), 1);
      // Over two channels wavefile writes a 40-byte extensible fmt, so find the data.
      const start = chunkOffset(bytes, 'data') + 8;
      assert.deepEqual(downmixPcm16(bytes, start, start + frames * ch * 2, ch), expected);
    }),
    { numRuns: 300 },
  );
});

test('downmixTo16 scales, removes the 8-bit bias, rounds and clamps', () => {
  assert.deepEqual([...downmixTo16([[0, 128, 255]], 256, 128)], [-32768, 0, 32512]);
  assert.deepEqual([...downmixTo16([[1, -1, 0.5]], 32768)], [32767, -32768, 16384]);
  assert.deepEqual([...downmixTo16([[3], [4]], 1)], [4]);
  assert.deepEqual([...downmixTo16([], 1)], []);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resampleTo8k } from '../../../src/media/audio/resample-to-8k.ts';
import { db, rms, sine, toInt16 } from './wav-fixtures.ts';

const gainDb = (hz: number, rate: number) => {
  const x = toInt16(sine(hz, rate, 0.5, 0.5));
  return db(rms(resampleTo8k(x, rate)) / rms(x, Math.round(rate / 20)));
};

test('1 kHz and 3.4 kHz pass within 0.5 dB from every TTS and file rate', () => {
  for (const rate of [16000, 22050, 44100, 48000]) {
    for (const hz of [1000, 3400]) {
      const g = gainDb(hz, rate);
      assert.ok(Math.abs(g) <= 0.5, `${hz} Hz from ${rate}: ${g.toFixed(2)} dB`);
    }
  }
});

test('a 4.4 kHz tone (above the 4 kHz Nyquist of 8 kHz) is attenuated by at least 40 dB', () => {
  for (const rate of [16000, 22050, 44100, 48000]) {
    const g = gainDb(4400, rate);
    assert.ok(g <= -40, `4.4 kHz from ${rate}: ${g.toFixed(1)} dB`);
  }
});

test('why a low-pass is needed: naive decimation of 16 kHz keeps the 4.4 kHz tone at full level, aliased to 3.6 kHz', () => {
  const x = toInt16(sine(4400, 16000, 0.5, 0.5));
  const naive = x.filter((_, i) => i % 2 === 0);
  assert.ok(db(rms(naive) / rms(x)) > -1);
});

test('lengths are round(n · 8000 / rate), so durations stay exact; 8 kHz is returned as is', () => {
  for (const [n, rate, want] of [
    [48000, 48000, 8000],
    [44100, 44100, 8000],
    [22050, 22050, 8000],
    [11025, 22050, 4000],
    [3, 22050, 1],
    [0, 44100, 0],
  ] as const) {
    assert.equal(resampleTo8k(new Int16Array(n), rate).length, want, `${n} @ ${rate}`);
  }
  const x = Int16Array.of(1, 2, 3);
  assert.equal(resampleTo8k(x, 8000), x);
});

test('full-scale input clamps the sinc overshoot instead of wrapping around', () => {
  // A 55 Hz full-scale square: the Gibbs overshoot at each edge goes past ±32767 before the 16-bit store.
  const square = Int16Array.from({ length: 44100 }, (_, i) => (Math.floor(i / 400) % 2 ? 32767 : -32768));
  const out = resampleTo8k(square, 44100);
  assert.ok(out.includes(32767) && out.includes(-32768), 'it does reach full scale');
  for (let i = 1; i + 1 < out.length; i++) {
    if (out[i - 1]! > 20000 && out[i + 1]! > 20000) assert.ok(out[i]! > 0, `wrapped at ${i}: ${out[i]}`);
    if (out[i - 1]! < -20000 && out[i + 1]! < -20000) assert.ok(out[i]! < 0, `wrapped at ${i}: ${out[i]}`);
  }
});

test('upsampling from 4 kHz works too', () => {
  assert.equal(resampleTo8k(toInt16(sine(1000, 4000, 0.5)), 4000).length, 4000);
});

test('a rate that is not a positive number is a programming error', () => {
  for (const bad of [0, -8000, NaN, Infinity]) assert.throws(() => resampleTo8k(new Int16Array(4), bad), RangeError);
});

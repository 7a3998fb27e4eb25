import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resamplePcm16 } from '../../../src/media/tts/resample.ts';
import { rms, tone } from './support/audio-measures.ts';

const FROM = 22_050;
const level = (hz: number) => rms(resamplePcm16(tone(hz, FROM, FROM), FROM, 8000).subarray(400, 7600)) / rms(tone(hz, FROM, FROM));
const db = (ratio: number) => 20 * Math.log10(ratio);

test('22,050 -> 8,000 Hz keeps the length in proportion', () => {
  assert.equal(resamplePcm16(tone(1000, FROM, FROM * 2), FROM, 8000).length, 16_000);
});

test('the voice band passes: 1 kHz and 3.4 kHz within 1 dB', () => {
  assert.ok(Math.abs(db(level(1000))) < 1, `1 kHz: ${db(level(1000)).toFixed(2)} dB`);
  assert.ok(Math.abs(db(level(3400))) < 1, `3.4 kHz: ${db(level(3400)).toFixed(2)} dB`);
});

test('a tone above the new Nyquist rate is filtered, not folded back (decimation would alias 4.4 kHz to 3.6 kHz)', () => {
  assert.ok(db(level(4400)) < -40, `4.4 kHz leaks at ${db(level(4400)).toFixed(1)} dB`);
});

test('same rate or no samples: the input as it is', () => {
  const pcm = tone(500, 8000, 80);
  assert.equal(resamplePcm16(pcm, 8000, 8000), pcm);
  assert.equal(resamplePcm16(new Int16Array(0), FROM, 8000).length, 0);
});

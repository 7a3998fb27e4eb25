import wavefile from 'wavefile';

/** The media engine's one sample rate: G.711 narrowband (ITU-T G.711, RFC 3551 §4.5.14). */
export const TARGET_RATE = 8000;

/**
 * Resamples 16-bit mono PCM to 8 kHz with wavefile's windowed-sinc interpolator behind its default
 * low-pass (16th-order Butterworth at 4 kHz, run forward and back, so zero phase).
 * Measured here (test/media/audio/resample-to-8k.test.ts): 1 kHz and 3.4 kHz within 0.1 dB from
 * 16, 22.05, 44.1 and 48 kHz; a 4.4 kHz tone down ≥ 55 dB. Naive decimation would alias it back at 3.6 kHz.
 * Output length is round(n · 8000 / rate), so durations stay exact (wavefile alone truncates 48 kHz by one sample).
 * Throws RangeError for a rate that is not a positive finite number (a programming error, not input data).
 */
export function resampleTo8k(pcm: Int16Array, rate: number): Int16Array {
  if (!(Number.isFinite(rate) && rate > 0)) throw new RangeError(`invalid sample rate ${rate}`);
  if (rate === TARGET_RATE) return pcm;
  const expected = Math.round((pcm.length * TARGET_RATE) / rate);
  const out = new Int16Array(expected);
  if (pcm.length === 0 || expected === 0) return out;
  const w = new wavefile.WaveFile();
  w.fromScratch(1, rate, '16', pcm);
  // The 16-bit container clamps sinc overshoot to ±32767 instead of wrapping.
  w.toSampleRate(TARGET_RATE, { method: 'sinc' });
  const resampled = w.getSamples() as unknown as Float64Array;
  const n = Math.min(expected, resampled.length);
  for (let i = 0; i < n; i++) out[i] = resampled[i]!;
  // Pad a sample lost to wavefile's float truncation with the last one, not a click to zero.
  for (let i = n; i < expected; i++) out[i] = n > 0 ? out[n - 1]! : 0;
  return out;
}

import wavefile from 'wavefile';

/** The rate of the telephone network's G.711 audio. */
export const TELEPHONY_SAMPLE_RATE = 8000;

/**
 * Band-limited resampling of mono PCM16 (wavefile's windowed sinc, which low-passes below the new
 * Nyquist rate: a 4.4 kHz tone comes out of 22,050 -> 8,000 Hz at -68 dB, where plain decimation
 * aliases it at -1 dB; research/telephony-deps.md §2). Costs 25-75 ms of CPU per 1-6 s of speech
 * (measured here), so callers render once and cache.
 */
export function resamplePcm16(pcm: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate || pcm.length === 0) return pcm;
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, fromRate, '16', pcm);
  wav.toSampleRate(toRate, { method: 'sinc' });
  return wav.getSamples(false, Int16Array) as unknown as Int16Array;
}

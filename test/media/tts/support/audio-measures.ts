/** Root mean square of PCM16 samples, full scale = 1. */
export function rms(pcm: Int16Array): number {
  let sum = 0;
  for (const s of pcm) sum += s * s;
  return pcm.length === 0 ? 0 : Math.sqrt(sum / pcm.length) / 32768;
}

export function seconds(pcm: Int16Array, sampleRate: number): number {
  return pcm.length / sampleRate;
}

/** A sine tone of `hz` at `amplitude` (full scale = 1). */
export function tone(hz: number, sampleRate: number, samples: number, amplitude = 0.5): Int16Array {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++) out[i] = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * hz * i) / sampleRate));
  return out;
}

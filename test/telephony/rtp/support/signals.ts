/** Test signals at 8 kHz: DTMF digits, silence, seeded white noise, a synthetic vowel mix, G.711 round trips. */
import { g711Decode, g711Encode, type G711Law } from '../../../../src/telephony/rtp/g711.ts';

export const RATE = 8000;
const ROWS = [697, 770, 852, 941];
const COLS = [1209, 1336, 1477, 1633];
const KEYS = '123A456B789C*0#D';
const FULL = 32767;

export const ms = (x: number) => Math.round((x * RATE) / 1000);
export const amplitude = (dbfs: number) => FULL * 10 ** (dbfs / 20);

/** Deterministic PRNG (mulberry32), so generated noise is the same every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ToneOptions {
  /** Level of the low-group tone, dBFS. */
  lowDbfs?: number;
  /** High-group level minus low-group level, dB. */
  twistDb?: number;
  /** Multiplies both frequencies (1.035 = 3.5 % high). */
  freqScale?: number;
  /** Only the low or only the high tone. */
  only?: 'low' | 'high';
}

export function dtmf(digit: string, durMs: number, o: ToneOptions = {}): Float64Array {
  const k = KEYS.indexOf(digit);
  if (k < 0) throw new Error(`not a DTMF digit: ${digit}`);
  const fl = ROWS[k >> 2]! * (o.freqScale ?? 1);
  const fh = COLS[k & 3]! * (o.freqScale ?? 1);
  const al = o.only === 'high' ? 0 : amplitude(o.lowDbfs ?? -10);
  const ah = o.only === 'low' ? 0 : amplitude((o.lowDbfs ?? -10) + (o.twistDb ?? 0));
  const n = ms(durMs);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = al * Math.sin((2 * Math.PI * fl * i) / RATE) + ah * Math.sin((2 * Math.PI * fh * i) / RATE + 1);
  return out;
}

export const silence = (durMs: number) => new Float64Array(ms(durMs));

export function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Adds Gaussian white noise at `snrDb` below the signal's RMS over its non-silent samples. */
export function addNoise(x: Float64Array, snrDb: number, seed = 1): Float64Array {
  let p = 0;
  let n = 0;
  for (const v of x)
    if (v !== 0) {
      p += v * v;
      n++;
    }
  const sigma = Math.sqrt(p / Math.max(1, n) / 10 ** (snrDb / 10));
  const r = rng(seed);
  return x.map((v) => v + sigma * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()));
}

export function toPcm(x: Float64Array): Int16Array {
  return Int16Array.from(x, (v) => Math.max(-32768, Math.min(32767, Math.round(v))));
}

export function g711RoundTrip(pcm: Int16Array, law: G711Law): Int16Array {
  const codes = new Uint8Array(pcm.length);
  const out = new Int16Array(pcm.length);
  g711Encode(law, pcm, codes);
  g711Decode(law, codes, out);
  return out;
}

/**
 * A speech-like signal: a glottal pulse train with jittered, gliding pitch through three formant
 * resonators, moving between vowels (/a/ /i/ /u/ /e/ /o/), at −12 dBFS average.
 */
export function syntheticSpeech(durMs: number, seed = 7, pitchHz = 120): Float64Array {
  const vowels = [
    [730, 1090, 2440],
    [270, 2290, 3010],
    [300, 870, 2240],
    [530, 1840, 2480],
    [570, 840, 2410],
  ];
  const r = rng(seed);
  const n = ms(durMs);
  const out = new Float64Array(n);
  const state = [0, 0, 0, 0, 0, 0];
  let phase = 0;
  for (let i = 0; i < n; i++) {
    const seg = Math.floor(i / ms(180)) % vowels.length;
    const next = (seg + 1) % vowels.length;
    const mix = (i % ms(180)) / ms(180);
    const f0 = pitchHz * (1 + 0.15 * Math.sin((2 * Math.PI * i) / ms(900))) * (1 + 0.01 * (r() - 0.5));
    phase += f0 / RATE;
    let x = 0;
    if (phase >= 1) {
      phase -= 1;
      x = 1;
    }
    x += 0.02 * (r() - 0.5); // aspiration
    for (let f = 0; f < 3; f++) {
      const fc = vowels[seg]![f]! * (1 - mix) + vowels[next]![f]! * mix;
      const bw = 60 + 40 * f;
      const rad = Math.exp((-Math.PI * bw) / RATE);
      const a1 = 2 * rad * Math.cos((2 * Math.PI * fc) / RATE);
      const a2 = -rad * rad;
      const y = x * (1 - rad) + a1 * state[2 * f]! + a2 * state[2 * f + 1]!;
      state[2 * f + 1] = state[2 * f]!;
      state[2 * f] = y;
      x = y;
    }
    out[i] = x;
  }
  let rms = 0;
  for (const v of out) rms += v * v;
  rms = Math.sqrt(rms / n);
  const g = amplitude(-12) / Math.SQRT2 / rms;
  return out.map((v) => v * g);
}

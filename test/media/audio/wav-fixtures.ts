/** WAV files built in the test with wavefile (no committed binaries), and the tone measurements the tests share. */
import wavefile from 'wavefile';

/** A sine at `hz`, `amplitude` of full scale, as float samples in [-1, 1]. */
export function sine(hz: number, rate: number, seconds: number, amplitude = 0.5): Float64Array {
  const n = Math.round(rate * seconds);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = amplitude * Math.sin((2 * Math.PI * hz * i) / rate);
  return out;
}

export const toInt16 = (x: ArrayLike<number>) => Int16Array.from(x as ArrayLike<number>, (v) => Math.round(v * 32767));

/** Scales float samples to what wavefile's fromScratch expects for each bit depth. */
function scaled(x: Float64Array, depth: string): Float64Array {
  if (depth === '32f' || depth === '64') return x;
  if (depth === '8') return x.map((v) => Math.round(v * 127) + 128);
  const bits = Number(depth);
  return x.map((v) => Math.round(v * (2 ** (bits - 1) - 1)));
}

/** A WAV in the given wavefile bit depth ('8', '16', '24', '32', '32f', '64', '8a' A-law, '8m' µ-law). */
export function makeWav(depth: string, rate: number, channels: Float64Array[]): Uint8Array {
  const w = new wavefile.WaveFile();
  const law = depth === '8a' || depth === '8m';
  const chans = channels.map((c) => scaled(c, law ? '16' : depth));
  w.fromScratch(chans.length, rate, law ? '16' : depth, chans.length === 1 ? chans[0]! : chans);
  if (depth === '8a') w.toALaw();
  if (depth === '8m') w.toMuLaw();
  return w.toBuffer();
}

/** RMS of the middle of a signal (edges excluded: filter start-up). */
export function rms(x: ArrayLike<number>, edge = 400): number {
  let s = 0;
  for (let i = edge; i < x.length - edge; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / (x.length - 2 * edge));
}

export const db = (ratio: number) => 20 * Math.log10(ratio);

/** Byte offset of a chunk id in a RIFF file. */
export function chunkOffset(bytes: Uint8Array, id: string): number {
  for (let i = 12; i + 4 <= bytes.length; i++) if (String.fromCharCode(...bytes.subarray(i, i + 4)) === id) return i;
  return -1;
}

/** A RIFF/WAVE file from raw chunks, each padded to even length as RIFF requires; sizes can be overridden. */
export function riff(chunks: [id: string, body: Uint8Array, declaredSize?: number][], container = 'RIFF'): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [id, body, declared] of chunks) {
    const head = new Uint8Array(8);
    head.set([...id].map((c) => c.charCodeAt(0)));
    new DataView(head.buffer).setUint32(4, declared ?? body.length, true);
    parts.push(head, body);
    if (body.length % 2) parts.push(new Uint8Array(1));
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(12 + total);
  out.set([...container, 'x', 'x', 'x', 'x', ...'WAVE'].map((c) => c.charCodeAt(0)));
  new DataView(out.buffer).setUint32(4, 4 + total, true);
  let at = 12;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A 16-byte fmt body (or 40-byte WAVE_FORMAT_EXTENSIBLE with `subFormat`). */
export function fmtBody(format: number, channels: number, rate: number, bits: number, subFormat?: number): Uint8Array {
  const b = new Uint8Array(format === 0xfffe ? 40 : 16);
  const v = new DataView(b.buffer);
  const align = (channels * bits) / 8;
  v.setUint16(0, format, true);
  v.setUint16(2, channels, true);
  v.setUint32(4, rate, true);
  v.setUint32(8, rate * align, true);
  v.setUint16(12, align, true);
  v.setUint16(14, bits, true);
  if (format === 0xfffe) {
    v.setUint16(16, 22, true);
    v.setUint16(18, bits, true);
    v.setUint16(24, subFormat ?? 1, true);
  }
  return b;
}

export const pcm16Bytes = (x: Int16Array) => new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
export const ascii = (s: string) => new Uint8Array([...s].map((c) => c.charCodeAt(0)));

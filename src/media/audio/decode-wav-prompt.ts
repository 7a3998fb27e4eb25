import wavefile from 'wavefile';
import { downmixPcm16, downmixTo16 } from './downmix.ts';
import { resampleTo8k } from './resample-to-8k.ts';
import { encodingOf, readWavLayout, type WavEncoding, type WavLayout } from './wav-layout.ts';

export interface WavSourceFormat {
  container: 'RIFF' | 'RF64';
  encoding: WavEncoding;
  bitsPerSample: number;
  channels: number;
  sampleRate: number;
  /** Length of the file's own audio, before conversion. */
  durationMs: number;
  /** The header's data size was a streaming placeholder or ran past the file; the bytes present were used. */
  sizeRepaired: boolean;
}

export type DecodedWav = { ok: true; pcm: Int16Array; sourceFormat: WavSourceFormat } | { ok: false; reason: string };

export interface DecodeOptions {
  /** Refuse longer prompts before decoding them; default 10 minutes. */
  maxDurationMs?: number;
}

/** Decodes a user's WAV prompt to 8 kHz mono 16-bit PCM. Never throws: every problem is a reason. */
export function decodeWavPrompt(bytes: Uint8Array, opts: DecodeOptions = {}): DecodedWav {
  const found = readWavLayout(bytes);
  if (!found.ok) return found;
  const l = found.layout;
  const enc = encodingOf(l);
  if (!enc.ok) return enc;
  const frames = (l.dataEnd - l.dataStart) / l.blockAlign;
  const sourceFormat: WavSourceFormat = {
    container: l.container,
    encoding: enc.encoding,
    bitsPerSample: l.bitsPerSample,
    channels: l.channels,
    sampleRate: l.sampleRate,
    durationMs: (frames * 1000) / l.sampleRate,
    sizeRepaired: l.sizeRepaired,
  };
  const max = opts.maxDurationMs ?? 600_000;
  if (sourceFormat.durationMs > max)
    return { ok: false, reason: `prompt is ${Math.round(sourceFormat.durationMs)} ms long, over the ${max} ms limit` };
  try {
    const mono = decodeToMono16(bytes, l, enc.encoding);
    return { ok: true, pcm: resampleTo8k(mono, l.sampleRate), sourceFormat };
  } catch (e) {
    // wavefile validates as it goes; anything it still rejects is reported, not thrown.
    return { ok: false, reason: `could not decode the WAV data: ${(e as Error).message}` };
  }
}

/** Other encodings: hands wavefile a clean canonical file (16-byte fmt, exact data size) so its own size handling never matters. */
function decodeToMono16(bytes: Uint8Array, l: WavLayout, encoding: WavEncoding): Int16Array {
  if (encoding === 'pcm' && l.bitsPerSample === 16) return downmixPcm16(bytes, l.dataStart, l.dataEnd, l.channels);
  const dataSize = l.dataEnd - l.dataStart;
  const clean = new Uint8Array(44 + dataSize);
  const v = new DataView(clean.buffer);
  clean.set([0x52, 0x49, 0x46, 0x46], 0); // RIFF
  v.setUint32(4, 36 + dataSize, true);
  clean.set([0x57, 0x41, 0x56, 0x45, 0x66, 0x6d, 0x74, 0x20], 8); // WAVEfmt_
  v.setUint32(16, 16, true);
  v.setUint16(20, l.formatCode, true);
  v.setUint16(22, l.channels, true);
  v.setUint32(24, l.sampleRate, true);
  v.setUint32(28, l.sampleRate * l.blockAlign, true);
  v.setUint16(32, l.blockAlign, true);
  v.setUint16(34, l.bitsPerSample, true);
  clean.set([0x64, 0x61, 0x74, 0x61], 36); // data
  v.setUint32(40, dataSize, true);
  clean.set(bytes.subarray(l.dataStart, l.dataEnd), 44);

  const w = new wavefile.WaveFile(clean);
  if (encoding === 'mulaw') w.fromMuLaw('16');
  if (encoding === 'alaw') w.fromALaw('16');
  const samples = w.getSamples(false) as unknown as Float64Array | Float64Array[];
  const channels = l.channels === 1 ? [samples as Float64Array] : (samples as Float64Array[]);
  const bits = encoding === 'pcm' ? l.bitsPerSample : 16;
  if (encoding === 'float') return downmixTo16(channels, 32768);
  if (bits === 8) return downmixTo16(channels, 256, 128);
  return downmixTo16(channels, 2 ** (16 - bits));
}

/**
 * Finds the fmt and data chunks of a RIFF/WAVE file without trusting its sizes. Streaming writers
 * (espeak-ng --stdout, sox and ffmpeg to a pipe) cannot seek back to patch the header, so they leave
 * a data size of 0, 0xFFFFFFFF (also RF64's placeholder) or 0x7ffff000; the data then runs to the end
 * of what is present. Any other chunk (LIST, fact, bext, junk, cue) is skipped, with its RIFF pad byte.
 */
export type WavEncoding = 'pcm' | 'float' | 'alaw' | 'mulaw';

export interface WavLayout {
  container: 'RIFF' | 'RF64';
  /** WAVE_FORMAT_* code; for WAVE_FORMAT_EXTENSIBLE (0xFFFE), the sub-format's. */
  formatCode: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
  /** Byte range of the sample data, clamped to the bytes present and to whole sample frames. */
  dataStart: number;
  dataEnd: number;
  /** The header's data size could not be trusted (streaming placeholder or past the end of the file). */
  sizeRepaired: boolean;
}

export type WavLayoutResult = { ok: true; layout: WavLayout } | { ok: false; reason: string };

const EXTENSIBLE = 0xfffe;

const fourcc = (b: Uint8Array, at: number) => String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);

export function readWavLayout(bytes: Uint8Array): WavLayoutResult {
  if (bytes.length < 12) return { ok: false, reason: `too short for a WAV file (${bytes.length} bytes)` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const container = fourcc(bytes, 0);
  if (container === 'RIFX') return { ok: false, reason: 'big-endian RIFX WAV files are not supported' };
  if ((container !== 'RIFF' && container !== 'RF64') || fourcc(bytes, 8) !== 'WAVE') return { ok: false, reason: 'not a RIFF/WAVE file' };

  let fmt: Omit<WavLayout, 'container' | 'dataStart' | 'dataEnd' | 'sizeRepaired'> | undefined;
  let data: { start: number; end: number; repaired: boolean } | undefined;
  let at = 12;
  while (at + 8 <= bytes.length && !data) {
    const id = fourcc(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'data') {
      const placeholder = size === 0 || size === 0xffffffff || size === 0x7ffff000;
      const past = body + size > bytes.length;
      data = { start: body, end: placeholder || past ? bytes.length : body + size, repaired: placeholder || past };
      break;
    }
    if (body + size > bytes.length) return { ok: false, reason: `the ${JSON.stringify(id)} chunk is cut off (file truncated?)` };
    if (id === 'fmt ') {
      if (size < 16) return { ok: false, reason: `fmt chunk too short (${size} bytes)` };
      let formatCode = view.getUint16(body, true);
      if (formatCode === EXTENSIBLE) {
        if (size < 40) return { ok: false, reason: 'WAVE_FORMAT_EXTENSIBLE fmt chunk too short' };
        formatCode = view.getUint16(body + 24, true);
      }
      fmt = {
        formatCode,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    }
    at = body + size + (size % 2);
  }
  if (!fmt) return { ok: false, reason: 'no fmt chunk before the data' };
  if (!data) return { ok: false, reason: 'no data chunk' };
  if (fmt.blockAlign === 0) return { ok: false, reason: 'fmt block align is 0' };
  // A cut-off last sample frame is dropped rather than decoded as noise.
  const end = data.start + Math.floor((data.end - data.start) / fmt.blockAlign) * fmt.blockAlign;
  return { ok: true, layout: { container, ...fmt, dataStart: data.start, dataEnd: end, sizeRepaired: data.repaired } };
}

/** Which of the formats we decode this is, or why not. */
export function encodingOf(l: WavLayout): { ok: true; encoding: WavEncoding } | { ok: false; reason: string } {
  const depth = `${l.bitsPerSample}-bit`;
  const enc = ENCODINGS.find((e) => e.code === l.formatCode && e.bits.includes(l.bitsPerSample))?.encoding;
  if (!enc) return { ok: false, reason: `unsupported WAV encoding: format ${formatName(l.formatCode)}, ${depth}` };
  if (l.channels < 1 || l.channels > 8) return { ok: false, reason: `unsupported channel count ${l.channels}` };
  if (l.blockAlign !== (l.channels * l.bitsPerSample) / 8)
    return { ok: false, reason: `block align ${l.blockAlign} does not match ${l.channels} × ${depth}` };
  if (l.sampleRate < 4000 || l.sampleRate > 192000) return { ok: false, reason: `unsupported sample rate ${l.sampleRate} Hz (4-192 kHz)` };
  return { ok: true, encoding: enc };
}

const ENCODINGS: { code: number; bits: number[]; encoding: WavEncoding }[] = [
  { code: 1, bits: [8, 16, 24, 32], encoding: 'pcm' },
  { code: 3, bits: [32, 64], encoding: 'float' },
  { code: 6, bits: [8], encoding: 'alaw' },
  { code: 7, bits: [8], encoding: 'mulaw' },
];

const NAMES: Record<number, string> = {
  1: 'PCM',
  2: 'MS ADPCM',
  3: 'IEEE float',
  6: 'A-law',
  7: 'µ-law',
  17: 'IMA ADPCM',
  49: 'GSM 6.10',
  85: 'MP3',
};
const formatName = (code: number) => `${code} (${NAMES[code] ?? 'unknown'})`;

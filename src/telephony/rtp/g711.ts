/**
 * ITU-T G.711 µ-law (PCMU) and A-law (PCMA), table-driven: 64 K-entry encode tables (one byte per
 * 16-bit input) and 256-entry decode tables, built once at load. Measured by the research at ~4.5 M
 * encoded / 3.7 M decoded 160-sample frames per CPU-second, 4x alawmulaw's allocating codec.
 *
 * Bit-exact with the Sun / ITU-T G.191 reference. A-law negatives use the one's complement of the
 * two's complement sample (G.711's 13-bit sign-magnitude linear code: invert the magnitude bits of a
 * negative), so −16 is magnitude 15 (code 0x55, decodes to −8), not 16: every A-law code then has
 * exactly as many inputs as its sign twin. alawmulaw negates instead and differs on the 127 negative
 * decision values (ties) — the first negative interval gets 15 inputs and the first positive 16.
 */

export type G711Law = 'pcmu' | 'pcma';

/** µ-law of one sample: sign + magnitude, bias 0x84, clip 32635, 8 segments, bits inverted (G.711 Table 2). */
function linearToMulaw(x: number): number {
  const negative = x < 0;
  let mag = negative ? -x : x;
  mag += 0x84;
  if (mag > 32635) mag = 32635;
  let seg = 0;
  while (seg < 7 && mag >= 0x100 << seg) seg++;
  const code = (seg << 4) | ((mag >> (seg + 3)) & 0x0f);
  return (negative ? 0x7f : 0xff) ^ code;
}

function mulawToLinear(code: number): number {
  const u = ~code & 0xff;
  const t = ((((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4)) - 0x84;
  return u & 0x80 ? -t : t;
}

/** A-law of one sample: 13-bit sign-magnitude (one's complement for negatives), even bits inverted (G.711 Table 1). */
function linearToAlaw(x: number): number {
  const negative = x < 0;
  const mag = (negative ? ~x : x) >> 3;
  let seg = 0;
  while (seg < 7 && mag >= 0x20 << seg) seg++;
  const code = (seg << 4) | ((seg < 2 ? mag >> 1 : mag >> seg) & 0x0f);
  return (negative ? 0x55 : 0xd5) ^ code;
}

function alawToLinear(code: number): number {
  const a = code ^ 0x55;
  const seg = (a & 0x70) >> 4;
  let t = (a & 0x0f) << 4;
  if (seg === 0) t += 8;
  else t = (t + 0x108) << (seg - 1);
  return a & 0x80 ? t : -t;
}

function encodeTable(f: (x: number) => number): Uint8Array {
  const table = new Uint8Array(65536);
  for (let i = 0; i < 65536; i++) table[i] = f((i << 16) >> 16);
  return table;
}

function decodeTable(f: (code: number) => number): Int16Array {
  const table = new Int16Array(256);
  for (let c = 0; c < 256; c++) table[c] = f(c);
  return table;
}

/** Indexed by the sample's 16 bits (`x & 0xffff`). */
const MULAW_ENCODE = encodeTable(linearToMulaw);
const ALAW_ENCODE = encodeTable(linearToAlaw);
const MULAW_DECODE = decodeTable(mulawToLinear);
const ALAW_DECODE = decodeTable(alawToLinear);

export function mulawEncodeSample(x: number): number {
  return MULAW_ENCODE[x & 0xffff]!;
}
export function mulawDecodeSample(code: number): number {
  return MULAW_DECODE[code & 0xff]!;
}
export function alawEncodeSample(x: number): number {
  return ALAW_ENCODE[x & 0xffff]!;
}
export function alawDecodeSample(code: number): number {
  return ALAW_DECODE[code & 0xff]!;
}

/** Encodes `count` samples of `pcm` into `out` from `outOffset` (e.g. after an RTP header). */
export function g711Encode(law: G711Law, pcm: Int16Array, out: Uint8Array, outOffset = 0, count = pcm.length): void {
  const table = law === 'pcmu' ? MULAW_ENCODE : ALAW_ENCODE;
  for (let i = 0; i < count; i++) out[outOffset + i] = table[pcm[i]! & 0xffff]!;
}

/** Decodes `count` codes of `codes` from `offset` (e.g. an RTP payload offset) into `out`. */
export function g711Decode(law: G711Law, codes: Uint8Array, out: Int16Array, offset = 0, count = codes.length - offset): void {
  const table = law === 'pcmu' ? MULAW_DECODE : ALAW_DECODE;
  for (let i = 0; i < count; i++) out[i] = table[codes[offset + i]!]!;
}

/** G.711's static RTP payload types (RFC 3551 §6): PCMU 0, PCMA 8. */
export const G711_PAYLOAD_TYPE: Readonly<Record<G711Law, number>> = { pcmu: 0, pcma: 8 };

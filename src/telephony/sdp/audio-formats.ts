import type { G711Codec } from './negotiated-media.ts';
import type { ParsedMedia } from './parse-sdp.ts';

/** RFC 3551 §6 static payload types we speak; they need no a=rtpmap, and sdp-transform gives `rtp: []` for them. */
export const STATIC_G711: Readonly<Record<G711Codec, number>> = { PCMU: 0, PCMA: 8 };
const STATIC_BY_PT = new Map<number, G711Codec>([
  [0, 'PCMU'],
  [8, 'PCMA'],
]);

export interface AudioFormat {
  payloadType: number;
  /** Upper-cased encoding name; '' for an unknown static or unmapped dynamic type. */
  encoding: string;
  rate: number;
  channels: number;
}

/** The m-line's formats in its order, each with its rtpmap or, for PT 0/8 without one, the static mapping. */
export function audioFormats(m: ParsedMedia): AudioFormat[] {
  return m.formats.map((pt) => {
    const map = m.raw.rtp.find((r) => r.payload === pt);
    if (map) return { payloadType: pt, encoding: map.codec.toUpperCase(), rate: map.rate ?? 0, channels: map.encoding ?? 1 };
    const stat = STATIC_BY_PT.get(pt);
    return stat ? { payloadType: pt, encoding: stat, rate: 8000, channels: 1 } : { payloadType: pt, encoding: '', rate: 0, channels: 1 };
  });
}

/** A format is G.711 we can use when it is PCMU/PCMA at 8 kHz mono. */
export function g711Of(f: AudioFormat): G711Codec | undefined {
  if (f.rate !== 8000 || f.channels !== 1) return undefined;
  return f.encoding === 'PCMU' || f.encoding === 'PCMA' ? f.encoding : undefined;
}

/** The RFC 4733 §7.1.1 telephone-event/8000 format, if listed (events at other clock rates do not match G.711's). */
export function telephoneEventOf(formats: readonly AudioFormat[]): AudioFormat | undefined {
  return formats.find((f) => f.encoding === 'TELEPHONE-EVENT' && f.rate === 8000);
}

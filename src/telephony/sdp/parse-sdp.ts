import sdpTransform, { type MediaDescription, type SessionDescription } from 'sdp-transform';
import { sdpFailure, type SdpFailure } from './negotiated-media.ts';

/** One m-line with the fields RFC 4566 §5.14 makes mandatory checked and `payloads` normalized to numbers. */
export interface ParsedMedia {
  raw: MediaDescription;
  type: string;
  port: number;
  protocol: string;
  /** The format list in m-line order (RFC 3264 §5.1: order is preference). */
  formats: number[];
}

export interface ParsedSdp {
  ok: true;
  session: SessionDescription;
  media: ParsedMedia[];
}

const LINE = /^[a-z]=/;
const FORMAT = /^\d{1,3}$/;

/**
 * sdp-transform parses anything (garbage gives `{ media: [] }`, a bad m-line an entry without a port),
 * so this checks what offer/answer relies on and never throws.
 */
export function parseSdp(text: string): ParsedSdp | SdpFailure {
  if (typeof text !== 'string' || !text.startsWith('v=0')) return sdpFailure('malformed', 'SDP must start with v=0 (RFC 4566 §5.1)');
  const lines = text.split(/\r?\n/);
  for (const line of lines) {
    if (line !== '' && !LINE.test(line)) return sdpFailure('malformed', `not an SDP line: ${JSON.stringify(line.slice(0, 40))}`);
  }
  let session: SessionDescription;
  try {
    session = sdpTransform.parse(text);
  } catch (e) {
    return sdpFailure('malformed', `unparseable SDP: ${(e as Error).message}`);
  }
  const o = session.origin;
  if (!o || o.address === undefined || o.sessionVersion === undefined)
    return sdpFailure('malformed', 'missing or invalid o= line (RFC 4566 §5.2)');
  const media: ParsedMedia[] = [];
  for (const [i, m] of session.media.entries()) {
    const formats = String(m.payloads ?? '')
      .split(' ')
      .filter((f) => f !== '');
    const valid =
      typeof m.type === 'string' && Number.isInteger(m.port) && m.port >= 0 && m.port <= 65535 && typeof m.protocol === 'string';
    if (!valid || formats.length === 0) return sdpFailure('malformed', `m-line ${i + 1} is invalid (RFC 4566 §5.14)`);
    // Non-RTP protocols (e.g. UDPTL for T.38) carry non-numeric formats; they are only ever rejected, so keep them as -1.
    media.push({
      raw: m,
      type: m.type,
      port: m.port,
      protocol: m.protocol,
      formats: formats.map((f) => (FORMAT.test(f) ? Number(f) : -1)),
    });
  }
  return { ok: true, session, media };
}

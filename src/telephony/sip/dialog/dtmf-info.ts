/** A DTMF key from a SIP INFO body, and how long it was held when the sender said. */
export interface InfoDigit {
  /** One of 0-9 * # A-D. */
  digit: string;
  durationMs?: number;
}

const DIGITS = '0123456789*#ABCD';

// Some phones send the RFC 4733 event number (10 = *, 11 = #, 12-15 = A-D) instead of the character.
function toDigit(signal: string): string | undefined {
  const s = signal.trim().toUpperCase();
  if (s.length === 1 && DIGITS.includes(s)) return s;
  if (/^\d{1,2}$/.test(s)) return DIGITS[Number(s)];
  return undefined;
}

function mediaType(contentType: string): string {
  const semi = contentType.indexOf(';');
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/**
 * The key of an INFO carrying `application/dtmf-relay` (`Signal=5\r\nDuration=160`) or `application/dtmf` (`5`),
 * or undefined for any other type or a body that names no key. Never throws.
 */
export function parseDtmfInfo(contentType: string | undefined, body: Uint8Array): InfoDigit | undefined {
  if (contentType === undefined || body.length > 1024) return undefined;
  const type = mediaType(contentType);
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  if (type === 'application/dtmf') {
    const digit = toDigit(text);
    return digit === undefined ? undefined : { digit };
  }
  if (type !== 'application/dtmf-relay') return undefined;
  let digit: string | undefined;
  let durationMs: number | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1).trim();
    if (key === 'signal') digit = toDigit(value);
    else if (key === 'duration' && /^\d{1,9}$/.test(value)) durationMs = Number(value);
  }
  if (digit === undefined) return undefined;
  return durationMs === undefined ? { digit } : { digit, durationMs };
}

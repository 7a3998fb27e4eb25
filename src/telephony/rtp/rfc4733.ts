/**
 * RFC 4733 §2.3 telephone-event payload: event (8 bits), E end bit, R reserved, volume (6 bits,
 * −dBm0), duration (16 bits, in timestamp units since the event's RTP timestamp).
 */

export const TELEPHONE_EVENT_LENGTH = 4;

/** RFC 4733 §3.2 DTMF events 0–15. */
export const DTMF_DIGITS = '0123456789*#ABCD';

export interface TelephoneEvent {
  event: number;
  end: boolean;
  volume: number;
  duration: number;
}

/** Reads the payload at `offset`; null if fewer than 4 bytes. Writes into `out` when given (hot path). */
export function parseTelephoneEvent(
  buf: Uint8Array,
  offset: number,
  length: number,
  out: TelephoneEvent = { event: 0, end: false, volume: 0, duration: 0 },
): TelephoneEvent | null {
  if (length < TELEPHONE_EVENT_LENGTH || offset < 0 || offset + TELEPHONE_EVENT_LENGTH > buf.length) return null;
  const b1 = buf[offset + 1]!;
  out.event = buf[offset]!;
  out.end = (b1 & 0x80) !== 0;
  out.volume = b1 & 0x3f;
  out.duration = (buf[offset + 2]! << 8) | buf[offset + 3]!;
  return out;
}

/** Writes the 4-byte payload at `offset` (R bit 0) and returns the offset after it. */
export function writeTelephoneEvent(buf: Uint8Array, ev: TelephoneEvent, offset = 0): number {
  const d = Math.min(0xffff, Math.max(0, ev.duration | 0));
  buf[offset] = ev.event & 0xff;
  buf[offset + 1] = (ev.end ? 0x80 : 0) | (ev.volume & 0x3f);
  buf[offset + 2] = d >> 8;
  buf[offset + 3] = d & 0xff;
  return offset + TELEPHONE_EVENT_LENGTH;
}

/** The DTMF character of an event code, or null for non-DTMF events (flash, tones). */
export function eventToDigit(event: number): string | null {
  return event >= 0 && event < 16 ? DTMF_DIGITS[event]! : null;
}

/** The event code of a DTMF character (case-insensitive letters), or null. */
export function digitToEvent(digit: string): number | null {
  const i = DTMF_DIGITS.indexOf(digit.toUpperCase());
  return digit.length === 1 && i >= 0 ? i : null;
}

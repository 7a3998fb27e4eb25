/**
 * The RTP packets that send one DTMF digit as RFC 4733 telephone events: all with the same timestamp
 * (the event start, §2.5.1.1), the first with the marker bit, an update every `intervalMs` of duration
 * (§2.5.1.2), then the final packet three times (§2.5.1.4), each with its own sequence number.
 */
import { writeRtpHeader, RTP_HEADER_LENGTH } from './packet.ts';
import { digitToEvent, TELEPHONE_EVENT_LENGTH, writeTelephoneEvent } from './rfc4733.ts';

export interface DigitPacketsOptions {
  digit: string;
  durationMs: number;
  payloadType: number;
  ssrc: number;
  /** Sequence number of the first packet; the rest follow it (mod 2^16). */
  sequence: number;
  /** RTP timestamp of the event start. */
  timestamp: number;
  /** −dBm0, 0–63; default 10. */
  volume?: number;
  intervalMs?: number;
  clockRate?: number;
}

export interface TimedPacket {
  /** When to send it, ms after the event start. */
  atMs: number;
  packet: Buffer;
}

/** Null for a character that is not a DTMF digit. */
export function digitPackets(o: DigitPacketsOptions): TimedPacket[] | null {
  const event = digitToEvent(o.digit);
  if (event === null) return null;
  const interval = o.intervalMs ?? 50;
  const rate = o.clockRate ?? 8000;
  const volume = o.volume ?? 10;
  const total = Math.min(0xffff, Math.round((o.durationMs * rate) / 1000));
  const out: TimedPacket[] = [];
  let seq = o.sequence;
  const push = (atMs: number, duration: number, end: boolean) => {
    const packet = Buffer.allocUnsafe(RTP_HEADER_LENGTH + TELEPHONE_EVENT_LENGTH);
    writeRtpHeader(packet, { marker: out.length === 0, payloadType: o.payloadType, sequence: seq++, timestamp: o.timestamp, ssrc: o.ssrc });
    writeTelephoneEvent(packet, { event, end, volume, duration }, RTP_HEADER_LENGTH);
    out.push({ atMs, packet });
  };
  for (let t = 0; t < o.durationMs; t += interval) push(t, Math.round((t * rate) / 1000), false);
  const endAt = Math.max(o.durationMs, 0);
  for (let i = 0; i < 3; i++) push(endAt + i * interval, total, true);
  return out;
}

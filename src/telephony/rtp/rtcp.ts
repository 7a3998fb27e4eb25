/**
 * RTCP, RFC 3550 §6: the packet types and writers for SR (§6.4.1), RR (§6.4.2) with at most one report
 * block (one remote source per call), SDES CNAME (§6.5.1, required in every compound packet, §6.1) and
 * BYE (§6.6), filling a caller's buffer. The parser is in rtcp-parser.ts.
 */

export const RTCP_SR = 200;
export const RTCP_RR = 201;
export const RTCP_SDES = 202;
export const RTCP_BYE = 203;

/** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
const NTP_UNIX_OFFSET = 2208988800;

export interface ReportBlock {
  ssrc: number;
  /** Fraction lost since the last report, in 1/256 (8 bits). */
  fractionLost: number;
  /** Cumulative packets lost, 24-bit signed. */
  cumulativeLost: number;
  /** Extended highest sequence number received. */
  highestSeq: number;
  /** Interarrival jitter, timestamp units. */
  jitter: number;
  /** Middle 32 bits of the last SR's NTP time, 0 if none. */
  lsr: number;
  /** Delay since that SR, in 1/65536 s. */
  dlsr: number;
}

export interface SenderInfo {
  ssrc: number;
  /** Wall-clock time of the report (Unix ms), sent as 64-bit NTP. */
  wallMs: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
}

export type RtcpPacket =
  | {
      type: 'sr';
      ssrc: number;
      ntpSec: number;
      ntpFrac: number;
      rtpTimestamp: number;
      packetCount: number;
      octetCount: number;
      reports: ReportBlock[];
    }
  | { type: 'rr'; ssrc: number; reports: ReportBlock[] }
  | { type: 'sdes'; chunks: { ssrc: number; cname?: string }[] }
  | { type: 'bye'; ssrcs: number[]; reason?: string }
  | { type: 'other'; packetType: number };

/** NTP seconds and fraction of a Unix-ms time. */
export function ntpFromUnixMs(ms: number): { sec: number; frac: number } {
  const whole = Math.floor(ms / 1000);
  return { sec: (whole + NTP_UNIX_OFFSET) >>> 0, frac: Math.floor(((ms - whole * 1000) / 1000) * 2 ** 32) >>> 0 };
}

function header(buf: Buffer, offset: number, count: number, packetType: number, lengthBytes: number): void {
  buf[offset] = 0x80 | (count & 0x1f);
  buf[offset + 1] = packetType;
  // §6.4.1: length in 32-bit words minus one.
  buf.writeUInt16BE(lengthBytes / 4 - 1, offset + 2);
}

function writeReportBlock(buf: Buffer, o: number, r: ReportBlock): number {
  buf.writeUInt32BE(r.ssrc >>> 0, o);
  buf[o + 4] = r.fractionLost & 0xff;
  const lost = Math.max(-0x800000, Math.min(0x7fffff, r.cumulativeLost)) & 0xffffff;
  buf.writeUIntBE(lost, o + 5, 3);
  buf.writeUInt32BE(r.highestSeq >>> 0, o + 8);
  buf.writeUInt32BE(r.jitter >>> 0, o + 12);
  buf.writeUInt32BE(r.lsr >>> 0, o + 16);
  buf.writeUInt32BE(r.dlsr >>> 0, o + 20);
  return o + 24;
}

/** Writes an SR at `offset` and returns the offset after it (28 bytes, 52 with a report block). */
export function writeSenderReport(buf: Buffer, offset: number, s: SenderInfo, report?: ReportBlock): number {
  const len = 28 + (report ? 24 : 0);
  header(buf, offset, report ? 1 : 0, RTCP_SR, len);
  const ntp = ntpFromUnixMs(s.wallMs);
  buf.writeUInt32BE(s.ssrc >>> 0, offset + 4);
  buf.writeUInt32BE(ntp.sec, offset + 8);
  buf.writeUInt32BE(ntp.frac, offset + 12);
  buf.writeUInt32BE(s.rtpTimestamp >>> 0, offset + 16);
  buf.writeUInt32BE(s.packetCount >>> 0, offset + 20);
  buf.writeUInt32BE(s.octetCount >>> 0, offset + 24);
  return report ? writeReportBlock(buf, offset + 28, report) : offset + 28;
}

/** Writes an RR (8 bytes, 32 with a report block). */
export function writeReceiverReport(buf: Buffer, offset: number, ssrc: number, report?: ReportBlock): number {
  header(buf, offset, report ? 1 : 0, RTCP_RR, 8 + (report ? 24 : 0));
  buf.writeUInt32BE(ssrc >>> 0, offset + 4);
  return report ? writeReportBlock(buf, offset + 8, report) : offset + 8;
}

/** Writes an SDES packet with one chunk holding the CNAME item (§6.5.1), padded to 32 bits. */
export function writeSdesCname(buf: Buffer, offset: number, ssrc: number, cname: string): number {
  const text = Buffer.from(cname, 'utf8').subarray(0, 255);
  // SSRC + type + length + text + at least one null terminator, to a 4-byte boundary (§6.5).
  const chunk = (4 + 2 + text.length + 4) & ~3;
  header(buf, offset, 1, RTCP_SDES, 4 + chunk);
  buf.writeUInt32BE(ssrc >>> 0, offset + 4);
  buf[offset + 8] = 1;
  buf[offset + 9] = text.length;
  text.copy(buf, offset + 10);
  buf.fill(0, offset + 10 + text.length, offset + 4 + chunk);
  return offset + 4 + chunk;
}

/** Writes a BYE for `ssrcs` (at most 31) with an optional reason (§6.6). */
export function writeBye(buf: Buffer, offset: number, ssrcs: readonly number[], reason?: string): number {
  const n = Math.min(31, ssrcs.length);
  const text = reason === undefined ? null : Buffer.from(reason, 'utf8').subarray(0, 255);
  const len = (4 + 4 * n + (text ? 1 + text.length + 3 : 0)) & ~3;
  header(buf, offset, n, RTCP_BYE, len);
  for (let i = 0; i < n; i++) buf.writeUInt32BE(ssrcs[i]! >>> 0, offset + 4 + 4 * i);
  if (text) {
    const o = offset + 4 + 4 * n;
    buf[o] = text.length;
    text.copy(buf, o + 1);
    buf.fill(0, o + 1 + text.length, offset + len);
  }
  return offset + len;
}

export interface CompoundOptions {
  /** SR when we sent media since the last report (§6.4), else RR. */
  sender?: SenderInfo;
  ssrc: number;
  report?: ReportBlock;
  cname: string;
  /** Ends the compound with a BYE for our SSRC (§6.6), e.g. on hang-up. */
  bye?: { reason?: string };
}

/** SR or RR, SDES CNAME, then BYE if asked (§6.1); returns the length written at offset 0. 120 bytes suffice for CNAMEs up to 40 bytes. */
export function writeCompound(buf: Buffer, o: CompoundOptions): number {
  let off = o.sender ? writeSenderReport(buf, 0, o.sender, o.report) : writeReceiverReport(buf, 0, o.ssrc, o.report);
  off = writeSdesCname(buf, off, o.ssrc, o.cname);
  if (o.bye) off = writeBye(buf, off, [o.ssrc], o.bye.reason);
  return off;
}

/**
 * Parser for incoming compound RTCP packets (RFC 3550 §6, A.2) that never throws. RTCP arrives every
 * few seconds, so it allocates freely.
 */
import { RTCP_BYE, RTCP_RR, RTCP_SDES, RTCP_SR, type ReportBlock, type RtcpPacket } from './rtcp.ts';

function readReports(buf: Buffer, o: number, count: number): ReportBlock[] {
  const out: ReportBlock[] = [];
  for (let i = 0; i < count; i++, o += 24) {
    out.push({
      ssrc: buf.readUInt32BE(o),
      fractionLost: buf[o + 4]!,
      cumulativeLost: (buf.readUIntBE(o + 5, 3) << 8) >> 8,
      highestSeq: buf.readUInt32BE(o + 8),
      jitter: buf.readUInt32BE(o + 12),
      lsr: buf.readUInt32BE(o + 16),
      dlsr: buf.readUInt32BE(o + 20),
    });
  }
  return out;
}

function parseSdes(buf: Buffer, o: number, end: number, count: number): RtcpPacket | null {
  const chunks: { ssrc: number; cname?: string }[] = [];
  for (let c = 0; c < count; c++) {
    if (o + 4 > end) return null;
    const chunk: { ssrc: number; cname?: string } = { ssrc: buf.readUInt32BE(o) };
    o += 4;
    for (;;) {
      if (o >= end) return null;
      const type = buf[o]!;
      if (type === 0) break;
      if (o + 2 > end || o + 2 + buf[o + 1]! > end) return null;
      if (type === 1) chunk.cname = buf.toString('utf8', o + 2, o + 2 + buf[o + 1]!);
      o += 2 + buf[o + 1]!;
    }
    o = (o + 4) & ~3; // the null item, then padding to the next 32-bit boundary
    chunks.push(chunk);
  }
  return o <= end ? { type: 'sdes', chunks } : null;
}

function parseOne(buf: Buffer, o: number, end: number): RtcpPacket | null {
  const count = buf[o]! & 0x1f;
  const pt = buf[o + 1]!;
  const body = o + 4;
  switch (pt) {
    case RTCP_SR:
      if (body + 24 + 24 * count > end) return null;
      return {
        type: 'sr',
        ssrc: buf.readUInt32BE(body),
        ntpSec: buf.readUInt32BE(body + 4),
        ntpFrac: buf.readUInt32BE(body + 8),
        rtpTimestamp: buf.readUInt32BE(body + 12),
        packetCount: buf.readUInt32BE(body + 16),
        octetCount: buf.readUInt32BE(body + 20),
        reports: readReports(buf, body + 24, count),
      };
    case RTCP_RR:
      if (body + 4 + 24 * count > end) return null;
      return { type: 'rr', ssrc: buf.readUInt32BE(body), reports: readReports(buf, body + 4, count) };
    case RTCP_SDES:
      return parseSdes(buf, body, end, count);
    case RTCP_BYE: {
      if (body + 4 * count > end) return null;
      const ssrcs: number[] = [];
      for (let i = 0; i < count; i++) ssrcs.push(buf.readUInt32BE(body + 4 * i));
      const r = body + 4 * count;
      if (r < end) {
        if (r + 1 + buf[r]! > end) return null;
        return { type: 'bye', ssrcs, reason: buf.toString('utf8', r + 1, r + 1 + buf[r]!) };
      }
      return { type: 'bye', ssrcs };
    }
    default:
      return { type: 'other', packetType: pt };
  }
}

/**
 * Parses a compound RTCP packet (RFC 3550 A.2 checks: version 2 everywhere, lengths add up exactly,
 * padding only in the last packet). Unlike A.2 it does not insist the first is SR/RR, so reduced-size
 * RTCP (RFC 5506) also parses. Null for anything invalid; never throws.
 */
export function parseRtcp(buf: Buffer, length: number = buf.length): RtcpPacket[] | null {
  if (length < 4 || length > buf.length || length % 4 !== 0) return null;
  const out: RtcpPacket[] = [];
  for (let o = 0; o < length;) {
    if (o + 4 > length) return null;
    const b0 = buf[o]!;
    if (b0 >> 6 !== 2) return null;
    const next = o + (buf.readUInt16BE(o + 2) + 1) * 4;
    if (next > length) return null;
    let end = next;
    if (b0 & 0x20) {
      // §6.4.1: only the last packet of a compound may be padded; its last octet counts the padding.
      const pad = buf[next - 1]!;
      if (next !== length || pad === 0 || pad > next - o - 4) return null;
      end = next - pad;
    }
    // RTP (PT 72–76 collide with RTCP SR/RR under the marker bit) is not RTCP: §A.2 type range.
    const pt = buf[o + 1]!;
    if (pt < 192 || pt > 223) return null;
    const p = parseOne(buf, o, end);
    if (!p) return null;
    out.push(p);
    o = next;
  }
  return out;
}

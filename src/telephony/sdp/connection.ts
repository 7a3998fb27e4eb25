import type { SessionDescription } from 'sdp-transform';
import type { ParsedMedia } from './parse-sdp.ts';

/** The stream's connection address: its own c= line, else the session's (RFC 4566 §5.7). */
export function mediaAddress(session: SessionDescription, m: ParsedMedia): string | undefined {
  return m.raw.connection?.ip ?? session.connection?.ip;
}

/** `c=IN IP6` for addresses with a colon, IP4 otherwise (RFC 4566 §5.7). */
export function ipVersionOf(address: string): 4 | 6 {
  return address.includes(':') ? 6 : 4;
}

/** Where the peer wants RTCP: a=rtcp (RFC 3605 §2.1), its RTP port when muxed (RFC 5761 §5.1.3), else port + 1 (RFC 3550 §11). */
export function rtcpPortOf(m: ParsedMedia, muxed: boolean): number {
  if (muxed) return m.port;
  return m.raw.rtcp?.port ?? m.port + 1;
}

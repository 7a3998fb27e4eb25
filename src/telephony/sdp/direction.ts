import type { SessionDescription } from 'sdp-transform';
import type { MediaDirection } from './negotiated-media.ts';
import type { ParsedMedia } from './parse-sdp.ts';

const caps = (d: MediaDirection) => ({ send: d === 'sendrecv' || d === 'sendonly', recv: d === 'sendrecv' || d === 'recvonly' });
const fromCaps = (send: boolean, recv: boolean): MediaDirection =>
  send ? (recv ? 'sendrecv' : 'sendonly') : recv ? 'recvonly' : 'inactive';

/** The direction an SDP states for a stream: media level, else session level, else sendrecv (RFC 4566 §6). */
export function statedDirection(session: SessionDescription, m: ParsedMedia): MediaDirection {
  return (m.raw.direction ?? session.direction ?? 'sendrecv') as MediaDirection;
}

/** The RFC 2543 hold address: "neither RTP nor RTCP should be sent to the peer" (RFC 3264 §8.4). */
export function isHoldAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

/**
 * What the remote side does, with the hold address folded in: c=0.0.0.0 means it will not receive
 * whatever the attribute says (RFC 3264 §8.4).
 */
export function remoteDirection(stated: MediaDirection, address: string): MediaDirection {
  const c = caps(stated);
  return fromCaps(c.send, c.recv && !isHoldAddress(address));
}

/**
 * Our direction given the peer's and what we want (RFC 3264 §6.1): we may send only if it receives,
 * receive only if it sends. sendonly → recvonly, recvonly → sendonly, inactive stays inactive.
 */
export function ourDirection(remote: MediaDirection, wanted: MediaDirection): MediaDirection {
  const r = caps(remote);
  const w = caps(wanted);
  return fromCaps(w.send && r.recv, w.recv && r.send);
}

/** The peer signalled hold: it does not want our media (sendonly, inactive or c=0.0.0.0). */
export function peerHolds(remote: MediaDirection): boolean {
  return !caps(remote).recv;
}

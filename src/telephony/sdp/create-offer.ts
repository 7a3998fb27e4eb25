import sdpTransform, { type MediaDescription, type SessionDescription } from 'sdp-transform';
import { STATIC_G711 } from './audio-formats.ts';
import { ipVersionOf } from './connection.ts';
import type { G711Codec, MediaDirection } from './negotiated-media.ts';
import { SUPPORTED_EVENTS } from './telephone-events.ts';

export interface OfferOptions {
  /** Our RTP address (IPv4 or IPv6) for c= and o=. */
  address: string;
  port: number;
  /** Decimal digits, fixed for the dialog (RFC 4566 §5.2); a string so 64-bit ids survive. */
  sessionId: string;
  /** Incremented on every changed re-offer (RFC 3264 §8); see session-version.ts. */
  sessionVersion: number;
  /** In order of preference (RFC 3264 §5.1). */
  codecs: readonly G711Codec[];
  /** Our dynamic payload type for RFC 4733 events; omit to offer no telephone-event. */
  telephoneEventPt?: number;
  ptime?: number;
  direction?: MediaDirection;
  /** Offer a=rtcp-mux (RFC 5761). Off by default: most SIP peers do not mux. */
  rtcpMux?: boolean;
  username?: string;
  sessionName?: string;
}

/** Builds the session part shared by offers and answers. */
export function sessionSkeleton(o: {
  address: string;
  sessionId: string;
  sessionVersion: number;
  username?: string;
  sessionName?: string;
}): SessionDescription {
  const ipVer = ipVersionOf(o.address);
  return {
    version: 0,
    // sdp-transform writes sessionId as given; a string keeps ids above 2^53 exact.
    origin: {
      username: o.username ?? '-',
      sessionId: o.sessionId,
      sessionVersion: o.sessionVersion,
      netType: 'IN',
      ipVer,
      address: o.address,
    },
    name: o.sessionName ?? 'openccc',
    connection: { version: ipVer, ip: o.address },
    timing: { start: 0, stop: 0 },
    media: [],
  };
}

/** An RFC 3264 §5 offer for one G.711 audio stream, with CRLF line ends (RFC 4566 §5). */
export function createOffer(opts: OfferOptions): string {
  const codecs = [...new Set(opts.codecs)];
  if (codecs.length === 0) throw new RangeError('createOffer needs at least one codec');
  const te = opts.telephoneEventPt;
  if (te !== undefined && !(Number.isInteger(te) && te >= 96 && te <= 127))
    throw new RangeError('telephoneEventPt must be dynamic, 96-127 (RFC 3551 §3)');
  const pts = codecs.map((c) => STATIC_G711[c]);
  const media: MediaDescription = {
    type: 'audio',
    port: opts.port,
    protocol: 'RTP/AVP',
    payloads: '',
    rtp: codecs.map((c) => ({ payload: STATIC_G711[c], codec: c, rate: 8000 })),
    fmtp: [],
    ptime: opts.ptime ?? 20,
    direction: opts.direction ?? 'sendrecv',
  };
  if (te !== undefined) {
    pts.push(te);
    media.rtp.push({ payload: te, codec: 'telephone-event', rate: 8000 });
    media.fmtp.push({ payload: te, config: SUPPORTED_EVENTS });
  }
  media.payloads = pts.join(' ');
  if (opts.rtcpMux) media.rtcpMux = 'rtcp-mux';
  const session = sessionSkeleton(opts);
  session.media.push(media);
  return sdpTransform.write(session);
}

/** What an SDP offer/answer exchange settled on for the one audio stream of a call (RFC 3264). */
export type G711Codec = 'PCMU' | 'PCMA';

/** RFC 3264 §5.1 / RFC 4566 §6 stream direction, always from OUR side: 'sendonly' means we send, the peer does not. */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface NegotiatedMedia {
  /** Where to send RTP: the m-line's c= address, else the session's. */
  remoteAddress: string;
  remotePort: number;
  /** a=rtcp (RFC 3605) if given, the RTP port when muxed (RFC 5761), else RTP port + 1 (RFC 3550 §11). */
  remoteRtcpPort?: number;
  /** Both sides agreed on a=rtcp-mux: RTCP shares the RTP port. */
  rtcpMux: boolean;
  codec: G711Codec;
  /** The payload type to put in the RTP packets we send: the one the peer's SDP lists (RFC 3264 §6.1). */
  payloadType: number;
  /** RFC 4733 telephone-event payload type from the peer's SDP, when both sides support it. */
  telephoneEventPt?: number;
  /** Packet time to send with: the peer's a=ptime (its receive preference, RFC 4566 §6), else ours. */
  ptimeMs: number;
  direction: MediaDirection;
  /** The peer put the stream on hold: it said sendonly/inactive, or used the RFC 2543 hold address 0.0.0.0 (RFC 3264 §8.4). */
  onHold: boolean;
}

/** Why negotiation failed; every code maps to 488 Not Acceptable Here (RFC 3261 §13.3.1.4) or a BYE after an answer. */
export type SdpFailureCode = 'malformed' | 'noAudio' | 'noCommonCodec' | 'mismatch';

export interface SdpFailure {
  ok: false;
  code: SdpFailureCode;
  reason: string;
}

export const sdpFailure = (code: SdpFailureCode, reason: string): SdpFailure => ({ ok: false, code, reason });

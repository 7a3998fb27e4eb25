/**
 * What the line recorded of one call, for the support engineer rather than for TCCC's CDR: the SIP
 * messages as they crossed the wire (a bounded ladder) and the RTP figures at the end. Plain data, so
 * storage keeps it as JSON and the CLI prints it; the telephony layer fills it (telephony/call-trace.ts).
 */

/** One SIP message sent or received, as the ladder keeps it. */
export interface SipLadderEntry {
  /** Unix ms on the UA's clock when the message was handed to, or came from, the transport. */
  atMs: number;
  /** `out`: we sent it; `in`: we received it. */
  direction: 'in' | 'out';
  /** UDP or TCP, as the message actually travelled. */
  transport: string;
  /** The far end: where it went, or where it came from (`host:port`, IPv6 in brackets). */
  remote: string;
  /** `INVITE sip:+86...@trunk SIP/2.0` or `SIP/2.0 486 Busy Here`. */
  startLine: string;
  callId: string;
  /** The CSeq header value, e.g. `1 INVITE`. */
  cseq: string;
  /** The message's size on the wire. */
  bytes: number;
  /** The message text, cut at the ladder's per-message cap. */
  text: string;
  /** Bytes left out of `text` by the cap; absent when it is whole. */
  textCutBytes?: number;
}

/**
 * An RTP session's counters (RFC 3550 and what the media engine saw): what the engine reports as
 * its stats (telephony's RtpSessionStats is this type) and what a call trace keeps of them.
 */
export interface RtpStreamFigures {
  packetsSent: number;
  octetsSent: number;
  packetsReceived: number;
  /** RFC 3550 A.3 cumulative loss of the current remote source. */
  packetsLost: number;
  /** RFC 3550 A.8 interarrival jitter, ms. */
  jitterMs: number;
  /** Jitter buffer (runs only while decoding: recording or in-band DTMF): packets too late to play, frames never received, duplicates. */
  late: number;
  lostFrames: number;
  duplicates: number;
  invalid: number;
  unknownPayloadType: number;
  /** Packets from another source while latched (only seen before the socket is connected to the latched peer). */
  foreign: number;
  rtcpSent: number;
  rtcpReceived: number;
  digitsReceived: number;
  digitsSent: number;
  socketErrors: number;
  /** Whether the session latched onto the peer's media source (RFC 4961 symmetric RTP). */
  latched: boolean;
}

/** The RTP session's figures when the call ended, with what they were measured on. */
export interface MediaTraceFigures extends RtpStreamFigures {
  /** The negotiated codec, e.g. `PCMU/8000`. */
  codec?: string;
  /** Our RTP address and the peer's, `host:port`. */
  local?: string;
  remote?: string;
}

/** A call's trace: its SIP ladder (bounded: the first and last messages, the middle counted) and its media figures. */
export interface CallTrace {
  sip: SipLadderEntry[];
  /** Messages left out of `sip` to keep it bounded. */
  sipDropped: number;
  /** Where in `sip` the left-out messages were (the index of the first message kept after them); absent when none were. */
  sipDroppedAt?: number;
  /** Absent when the call never had media (it failed before answer or early media). */
  media?: MediaTraceFigures;
}

/** The shapes around one call's RTP session: negotiated media, options, events and the stats snapshot. */
import type { G711Law } from '../g711.ts';
import type { RecordingResult } from '../wav-recorder.ts';
import type { PlaybackEndReason } from './player.ts';
import type { RtpStreamFigures } from '../../../domain/call-trace.ts';

/** What SDP offer/answer settled for the call (RFC 3264). */
export interface NegotiatedMedia {
  law: G711Law;
  /** The peer's payload type for the law (0 or 8 normally). */
  payloadType: number;
  /** The peer's telephone-event payload type (RFC 4733), absent when not negotiated: in-band detection then runs. */
  telephoneEventPt?: number;
  /** Where the peer's SDP says to send; without it the session waits for the first packets (comedia). */
  remoteAddress?: string;
  remotePort?: number;
  /** RTCP on the RTP port (RFC 5761), one socket. */
  rtcpMux?: boolean;
}

export interface RtpSessionTuning {
  /** `rtpTimeout` after this long without RTP; default 30 s. */
  rtpTimeoutMs?: number;
  /** A new source may take over after the latched one was silent this long (RFC 4961 latching); default 2 s. */
  relatchAfterMs?: number;
  /** Mean RTCP report interval, default 5 s (RFC 3550 §6.2), randomized ×[0.5, 1.5] (§6.3.1). */
  rtcpIntervalMs?: number;
  /** Duration of digits sent with sendDigit, default 100 ms. */
  digitDurationMs?: number;
}

export interface DtmfEvent {
  digit: string;
  source: 'rfc4733' | 'inband';
  /** Media time of the report, ms on the session's time source. */
  atMs: number;
  /** RFC 4733 only: the event's duration. */
  durationMs?: number;
}

export interface PlaybackDone {
  playbackId: string;
  reason: PlaybackEndReason;
}

export type RtpSessionEvents = {
  dtmf: [DtmfEvent];
  playbackDone: [PlaybackDone];
  rtpTimeout: [{ silentMs: number }];
  latched: [{ address: string; port: number }];
  recordingDone: [RecordingResult];
  close: [];
};

/** The session's counters, as a call trace keeps them (one definition, in domain/). */
export type RtpSessionStats = RtpStreamFigures;

export type RtpSessionOpenFailure = { ok: false; reason: 'portsExhausted' | 'bindFailed'; message: string };

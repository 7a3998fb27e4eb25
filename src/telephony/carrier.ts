import type { CallTrace } from '../domain/call-trace.ts';
import type { EndStatusCode } from '../domain/end-status.ts';
import type { Prompt } from '../domain/prompt.ts';
import type { Emitter } from '../shared/typed-emitter.ts';

export type { Prompt } from '../domain/prompt.ts';
export type { CallTrace } from '../domain/call-trace.ts';

/**
 * The seam between the app layer and a phone line, version 2. `sim/` implements it with
 * scripted, clock-driven callers and callees; the SIP/RTP stack implements it for real trunks.
 * The app never knows which one it talks to.
 *
 * Rules every carrier keeps: events are typed and come from the carrier's own timers or
 * sockets, never from inside a method the app called (so listeners attach after dial() and are
 * never re-entered); every resource has one idempotent close() that releases what it owns and
 * emits `close` once; after close() no event follows.
 */

export interface DialRequest {
  /** The session this leg serves; carriers use it in logs and traces. */
  sessionId: string;
  /** Caller ID to present, as the app's number is configured. */
  caller: string;
  /** E.164, e.g. +8613800138000. */
  callee: string;
  /** Give up ringing after this long and fail with notAnswer (CANCEL on SIP). */
  maxRingMs: number;
  /** CreateIVRSession's UUI; a carrier may send it on (e.g. SIP User-to-User, RFC 7433). */
  uui?: string;
}

/** Why a call ended before answer: in CDR terms, with the line's own words kept beside. */
export interface LineFailure {
  endStatus: EndStatusCode;
  /** The final SIP status, when the line is SIP. */
  sipStatus?: number;
  /** Q.850 cause from a `Reason` header, when the trunk sent one. */
  q850Cause?: number;
  reason: string;
}

/** The far end ended an answered call. */
export interface LineHangup {
  reason: string;
  sipStatus?: number;
}

export type DtmfSource = 'rfc4733' | 'inband' | 'info' | 'sim';

export interface DtmfDigit {
  digit: string;
  source: DtmfSource;
  /** When the key was pressed, ms of media time since answer: exact key timestamps for the CDR. */
  mediaTimeMs: number;
}

/** `bargeIn`: the carrier cut the prompt itself at the first digit, within the current frame. */
export type PlaybackEnd = 'finished' | 'stopped' | 'bargeIn' | 'failed';

export interface PlaybackDone {
  playbackId: string;
  reason: PlaybackEnd;
}

/** A blind transfer's progress (REFER + NOTIFY sipfrag on SIP, RFC 3515). */
export interface TransferProgress {
  state: 'trying' | 'accepted' | 'completed' | 'failed';
  target: string;
  sipStatus?: number;
  reason?: string;
}

/** Events of one leg, in the order they happen on the line. */
export type CallLegEvents = {
  ringing: [];
  answered: [];
  failed: [LineFailure];
  hangup: [LineHangup];
  dtmf: [DtmfDigit];
  playbackDone: [PlaybackDone];
  transfer: [TransferProgress];
  /** Once, when the leg is closed for any reason; no event follows it. */
  close: [];
};

export interface PlayOptions {
  /** Let the first digit cut the prompt at the carrier (reported as playbackDone `bargeIn`). */
  bargeIn?: boolean;
}

/**
 * The recording contract both carriers keep (sim writes silence of the call's length, sip writes
 * the call's audio with MediaSession.startRecording):
 * - the app chooses the file: `path` is absolute, under `<dataDir>/recordings/` (the directory
 *   exists), named by the app's unguessable recording id, so both carriers write where the app
 *   serves from and the carrier never invents a path;
 * - the file is a WAV, 16-bit PCM at 8 kHz (mono, or stereo as `channels` says), from record()
 *   until stop() or the end of the leg (hangup, remote BYE, leg.close(), carrier shutdown);
 * - `done` is emitted once, after the file is complete on disk (header sizes final), from the
 *   carrier's own timer or I/O callback, never inside record() or stop(); then `close`. The leg
 *   ending on any path completes the recording (so its `done` still comes after leg `close`);
 * - a file that could not be written is reported in `done` with `error`, and the app does not
 *   publish it; recording.close() before `done` abandons it: no `done` follows.
 */
export interface RecordOptions {
  /** stereo: left = the far end, right = what openccc played; mono: both mixed. */
  channels: 'mono' | 'stereo';
  /** Absolute path of the WAV to write, chosen by the app (see above). */
  path: string;
}

export interface RecordingResult {
  recordingId: string;
  /** The file written: the `path` record() was given. */
  path: string;
  durationMs: number;
  /** Why the file is missing or incomplete, when it is; the app then does not publish it. */
  error?: string;
}

export type RecordingEvents = {
  /** Once, when the file is complete (stopped, or its leg ended). */
  done: [RecordingResult];
  close: [];
};

/** A recording owned by its leg: completed with it, or earlier by stop(). */
export interface Recording extends Emitter<RecordingEvents> {
  readonly recordingId: string;
  readonly closed: boolean;
  /** Stops recording and completes the file (`done` follows); idempotent. */
  stop(): void;
  /** Abandons the recording: releases what it owns, no `done` follows if it has not come yet. Idempotent. */
  close(): void;
}

/** One call on the line. Owns its timers, sockets, playback and recordings. */
export interface CallLeg extends Emitter<CallLegEvents> {
  /** The carrier's id of this leg (the session id for dialed legs). */
  readonly id: string;
  readonly closed: boolean;
  play(playbackId: string, prompt: Prompt, options?: PlayOptions): void;
  stopPlayback(): void;
  /** Blind transfer to a number or URI; progress arrives as `transfer` events. */
  transfer(target: string): void;
  record(options: RecordOptions): Recording;
  /** Ends the call from our side (CANCEL before answer, BYE after); no line event follows. Idempotent. */
  hangup(): void;
  /**
   * Where the carrier learns only after dial() whether it takes the call (a trunk shared by a
   * cluster asks Redis): settles once it has, rejecting with CarrierCapacityError or
   * CarrierUnavailableError when it will not, as dial() would have thrown. The app waits for it
   * before storing the session. Absent: dial() returning was the answer.
   */
  readonly admission?: Promise<void> | undefined;
  /** Releases everything without signalling; emits `close` once. Idempotent. */
  close(): void;
  /**
   * What the line recorded of this call (its SIP ladder and RTP figures) for `openccc calls show`.
   * The sip carrier fills it (telephony/call-trace.ts builds it); the sim carrier has none. The app
   * asks once, after close(), and waits a bounded time, never holding up the CDR: a leg keeps its
   * ladder past close and snapshots its RTP stats as it closes its media (they are gone after),
   * so the promise may wait briefly for the last messages (the 200 to our BYE). Never rejects:
   * undefined when there is nothing to tell.
   */
  trace?(): Promise<CallTrace | undefined>;
  /**
   * Once answered: what Carrier.releaseOrphan needs to end this call from a later process, should
   * this one die with the call up (the app stores it at answer and drops it with the CDR). Undefined
   * before answer, after the end, or when the carrier has nothing to tell the far end (sim).
   */
  releaseToken?(): ReleaseToken | undefined;
}

/**
 * An answered call's line state, serializable and opaque to the app: `carrier` names the carrier
 * that can read `state` (JSON text, e.g. a SIP dialog: Call-ID, tags, route set, next CSeq, peer).
 */
export interface ReleaseToken {
  carrier: string;
  state: string;
}

/** What releaseOrphan did: `released` when the far end confirmed the end of the call. */
export interface OrphanRelease {
  released: boolean;
  /** For the log: what was sent and what came back, or why nothing was sent. */
  detail: string;
}

/** Why openccc refuses an inbound call; carriers map it to their own signalling (e.g. SIP 486/404/403/503/603). */
export type RejectCause = 'busy' | 'notFound' | 'forbidden' | 'unavailable' | 'declined';

/** An inbound call offered to the app: answer it (then it is a leg like any other) or reject it. */
export interface IncomingCall extends CallLeg {
  /** The remote party as presented (From), and the number it dialed (Request-URI user). */
  readonly caller: string;
  readonly callee: string;
  /** Tells the caller it rings (180); optional before answer(). */
  ring(): void;
  /** Answers; `answered` follows once the line confirms (ACK). */
  answer(): void;
  /** Refuses the call; no event follows. */
  reject(cause: RejectCause): void;
}

export type CarrierEvents = {
  incoming: [IncomingCall];
};

/** Raised synchronously by dial() when the carrier cannot place any call right now. */
export class CarrierUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CarrierUnavailableError';
  }
}

/**
 * Raised synchronously by dial() when the line's admission limits (a SIP trunk's concurrent calls,
 * calls per second and queue) cannot take the call in time: the API fails it now rather than ring late.
 */
export class CarrierCapacityError extends CarrierUnavailableError {
  constructor(reason: string) {
    super(reason);
    this.name = 'CarrierCapacityError';
  }
}

/**
 * A line's own counters, as plain numbers read at scrape time (the app turns them into metrics).
 * Every figure is optional: a carrier reports what it counts (the sim carrier counts none).
 * `…Total` figures only grow over the carrier's life; the others are current levels.
 */
export interface CarrierStats {
  /** SIP requests and responses received (parsed), unparseable messages, and received messages dropped unanswered. */
  sipRequestsReceivedTotal?: number;
  sipResponsesReceivedTotal?: number;
  sipMalformedTotal?: number;
  sipDroppedTotal?: number;
  /** RTP sessions open now. */
  rtpSessions?: number;
  /** RTP packets of the calls whose media has closed (counted as each call's media closes), and their loss (RFC 3550 A.3). */
  rtpPacketsSentTotal?: number;
  rtpPacketsReceivedTotal?: number;
  rtpPacketsLostTotal?: number;
}

export interface Carrier extends Emitter<CarrierEvents> {
  readonly name: string;
  /** The line's counters, when it keeps any; cheap and synchronous (called on every metrics scrape). */
  stats?(): CarrierStats;
  /** Why the carrier cannot take calls now (for /readyz), or undefined when it can; cheap, no I/O. Absent: always ready until closed. */
  notReady?(): string | undefined;
  /** Starts a call; its events arrive later, so attach listeners right after. */
  dial(request: DialRequest): CallLeg;
  activeCalls(): number;
  /**
   * Best effort after a crash: tells the far end of a call an earlier process answered that it is
   * over (a BYE in the stored dialog on SIP), from a token of CallLeg.releaseToken. Resolves within
   * about `timeoutMs` whatever the line does, and never rejects: a token it cannot use (another
   * carrier's, unreadable) resolves `released: false` with the reason.
   */
  releaseOrphan(token: ReleaseToken, options: { timeoutMs: number }): Promise<OrphanRelease>;
  /** Closes every leg, then what the carrier owns (media engine, sockets). Idempotent. */
  close(): Promise<void>;
}

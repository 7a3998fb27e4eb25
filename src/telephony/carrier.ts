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

export interface RecordOptions {
  /** stereo: left = the far end, right = what openccc played; mono: both mixed. */
  channels: 'mono' | 'stereo';
}

export interface RecordingResult {
  recordingId: string;
  /** Where the file is, when the carrier wrote one. */
  path?: string;
  durationMs: number;
}

export type RecordingEvents = {
  /** Once, when the recording is complete (stopped, or its leg ended). */
  done: [RecordingResult];
  close: [];
};

/** A recording owned by its leg: closed with it, or earlier by stop(). */
export interface Recording extends Emitter<RecordingEvents> {
  readonly recordingId: string;
  readonly closed: boolean;
  /** Stops recording and completes the file; idempotent. */
  stop(): void;
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

export interface Carrier extends Emitter<CarrierEvents> {
  readonly name: string;
  /** Starts a call; its events arrive later, so attach listeners right after. */
  dial(request: DialRequest): CallLeg;
  activeCalls(): number;
  /** Closes every leg, then what the carrier owns (media engine, sockets). Idempotent. */
  close(): Promise<void>;
}

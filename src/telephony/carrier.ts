import type { EndStatusCode } from '../domain/end-status.ts';

/**
 * The seam between the app layer and a phone line. `sim/` implements it with scripted,
 * clock-driven outcomes; a SIP/RTP stack implements it for real trunks. The app layer
 * never knows which one it talks to.
 */

/** What to play on the line. Text goes through TTS; audio is a file path the carrier can read. */
export type Prompt = { kind: 'text'; text: string; voice?: string } | { kind: 'audio'; path: string };

export interface DialRequest {
  sessionId: string;
  /** E.164, e.g. +8613800138000 */
  caller: string;
  callee: string;
  /** Give up ringing after this long and report notAnswer. */
  maxRingMs: number;
}

/** Events a call leg reports, in the order they happen on the line. */
export type CallEvent =
  | { type: 'ringing' }
  | { type: 'answered' }
  /** The call could not be completed; `endStatus` says why in CDR terms. */
  | { type: 'failed'; endStatus: EndStatusCode; reason: string }
  | { type: 'dtmf'; digit: string }
  /** A play() finished (or was stopped); `playbackId` is what play() was given. */
  | { type: 'playbackDone'; playbackId: string; interrupted: boolean }
  /** The far end hung up after answer. */
  | { type: 'hangup' };

export type CallEventListener = (event: CallEvent) => void;

/** One outbound call. Owns its timers/sockets; close() releases them and is idempotent. */
export interface CallLeg {
  readonly sessionId: string;
  play(playbackId: string, prompt: Prompt): void;
  stopPlayback(): void;
  /** Ends the call from our side (CANCEL before answer, BYE after). Idempotent. */
  hangup(): void;
  /** Releases everything without signalling; after hangup() or a terminal event. Idempotent. */
  close(): void;
}

/** Raised synchronously by dial() when the carrier cannot place any call right now. */
export class CarrierUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CarrierUnavailableError';
  }
}

export interface Carrier {
  readonly name: string;
  /** Starts a call; events arrive asynchronously on `listener`, never inside dial(). */
  dial(request: DialRequest, listener: CallEventListener): CallLeg;
  activeCalls(): number;
  /** Hangs up every call and frees resources. Idempotent. */
  close(): Promise<void>;
}

/**
 * The main thread's handle on one call's media, a proxy of the RtpSession in a media worker: commands
 * go down the channel, events come back as typed events. `close()` is idempotent and resolves once the
 * worker has released everything; `close` is emitted once (also when the worker or the engine ends).
 */
import type { RecordingResult } from '../wav-recorder.ts';
import type { MediaCommand, MediaEvent } from './media-channel.ts';
import type { PlayOptions } from './player.ts';
import type { PromptFrames } from './prompt-frames.ts';
import type { DtmfEvent, NegotiatedMedia, PlaybackDone, RtpSessionStats } from './rtp-session-types.ts';
import { TypedEmitter } from './typed-emitter.ts';

export type MediaSessionEvents = {
  dtmf: [DtmfEvent];
  playbackDone: [PlaybackDone];
  rtpTimeout: [{ silentMs: number }];
  latched: [{ address: string; port: number }];
  recordingDone: [RecordingResult];
  /** Once, however the session ended. */
  close: [MediaSessionClosed];
};

/**
 * Why a session ended: `closed` (close(), the worker's own end of it, or the engine's close) or
 * `workerCrashed` (its media worker died; the call has no media any more and the carrier should end it).
 */
export type MediaSessionClosed = { reason: 'closed' } | { reason: 'workerCrashed'; message: string };

/** What the engine gives each proxy: a way to send commands on its worker's channel and to share prompts with it. */
export interface SessionLink {
  send(c: MediaCommand): void;
  promptId(frames: PromptFrames): number;
}

type Waiter<T> = { resolve(v: T): void; reject(e: Error): void };

export class MediaSession extends TypedEmitter<MediaSessionEvents> {
  private ended = false;
  private endReason: MediaSessionClosed | undefined;
  private closeRequested = false;
  private readonly closedPromise: Promise<void>;
  private resolveClosed!: () => void;
  private readonly statsWaiters: Waiter<RtpSessionStats>[] = [];
  private recordWaiter: Waiter<void> | undefined;

  constructor(
    readonly id: number,
    /** Local RTP address and port, for the SDP answer. */
    readonly address: string,
    readonly port: number,
    readonly ssrc: number,
    readonly workerIndex: number,
    private readonly link: SessionLink,
  ) {
    super();
    this.closedPromise = new Promise((r) => (this.resolveClosed = r));
  }

  play(playbackId: string, frames: PromptFrames, opts: PlayOptions = {}): void {
    if (this.closeRequested) return;
    const promptId = this.link.promptId(frames);
    this.link.send({ type: 'play', sessionId: this.id, playbackId, promptId, bargeIn: opts.bargeIn === true });
  }

  /**
   * What the SDP answer settled, for a session opened before it (the offer needs our port first):
   * where to send, the codec, the telephone-event payload type. Restarts the RTP-timeout clock.
   */
  updateMedia(media: NegotiatedMedia): void {
    this.command({ type: 'updateMedia', sessionId: this.id, media });
  }

  stopPlayback(): void {
    this.command({ type: 'stop', sessionId: this.id });
  }

  bargeIn(): void {
    this.command({ type: 'bargeIn', sessionId: this.id });
  }

  sendDigit(digit: string): void {
    this.command({ type: 'sendDigit', sessionId: this.id, digit });
  }

  /** Resolves when the WAV file is open and recording runs. The result comes as `recordingDone`. */
  startRecording(path: string, channels: 1 | 2 = 2): Promise<void> {
    if (this.closeRequested) return Promise.reject(new Error('session closed'));
    if (this.recordWaiter) return Promise.reject(new Error('recording is starting'));
    return new Promise((resolve, reject) => {
      this.recordWaiter = { resolve, reject };
      this.link.send({ type: 'recordStart', sessionId: this.id, path, channels });
    });
  }

  stopRecording(): void {
    this.command({ type: 'recordStop', sessionId: this.id });
  }

  stats(): Promise<RtpSessionStats> {
    if (this.closeRequested) return Promise.reject(new Error('session closed'));
    return new Promise((resolve, reject) => {
      this.statsWaiters.push({ resolve, reject });
      this.link.send({ type: 'stats', sessionId: this.id });
    });
  }

  get closed(): boolean {
    return this.closeRequested;
  }

  /** Set once the session has ended (when `close` was emitted). */
  get closeReason(): MediaSessionClosed | undefined {
    return this.endReason;
  }

  close(): Promise<void> {
    if (!this.closeRequested) {
      this.closeRequested = true;
      if (!this.ended) this.link.send({ type: 'close', sessionId: this.id });
    }
    return this.closedPromise;
  }

  /** Events from the worker for this session (the engine routes them here). */
  deliver(e: MediaEvent): void {
    if (this.ended) return;
    switch (e.type) {
      case 'dtmf':
        return this.emit('dtmf', e.event);
      case 'playbackDone':
        return this.emit('playbackDone', e.done);
      case 'rtpTimeout':
        return this.emit('rtpTimeout', { silentMs: e.silentMs });
      case 'latched':
        return this.emit('latched', { address: e.address, port: e.port });
      case 'recordingDone':
        return this.emit('recordingDone', e.result);
      case 'recordingStarted':
        this.recordWaiter?.resolve();
        this.recordWaiter = undefined;
        return;
      case 'recordingFailed':
        this.recordWaiter?.reject(new Error(e.message));
        this.recordWaiter = undefined;
        return;
      case 'stats':
        this.statsWaiters.shift()?.resolve(e.stats);
        return;
      case 'closed':
        return this.end({ reason: 'closed' });
    }
  }

  /** The session is gone (worker said so, or the worker died): emit `close` once. */
  end(why: MediaSessionClosed): void {
    if (this.ended) return;
    this.ended = true;
    this.endReason = why;
    this.closeRequested = true;
    const gone = new Error(why.reason === 'closed' ? 'session closed' : why.message);
    for (const w of this.statsWaiters.splice(0)) w.reject(gone);
    this.recordWaiter?.reject(gone);
    this.recordWaiter = undefined;
    this.emit('close', why);
    this.removeAllListeners();
    this.resolveClosed();
  }

  private command(c: MediaCommand): void {
    if (!this.closeRequested) this.link.send(c);
  }
}

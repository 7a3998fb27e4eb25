// A recording of one SIP call: the media session's WAV recorder, from record() to stop() or the end of the call.
import { TypedEmitter } from '../../../shared/typed-emitter.ts';
import type { Recording, RecordingEvents, RecordingResult, RecordOptions } from '../../carrier.ts';
import type { MediaSession } from '../../rtp/engine/media-session.ts';

/**
 * Keeps the contract in carrier.ts: `done` once the worker reports the file complete (after stop(),
 * or when the leg's media session closes at the end of the call), never from inside record() or
 * stop(); close() before `done` abandons the file and no `done` follows. One file at a time per call.
 */
export class SipRecording extends TypedEmitter<RecordingEvents> implements Recording {
  private started = false;
  private stopped = false;
  private over = false;
  readonly path: string;

  constructor(
    readonly recordingId: string,
    options: RecordOptions,
    private readonly media: MediaSession | undefined,
  ) {
    super();
    this.path = options.path;
    if (!media || media.closed) {
      queueMicrotask(() => this.finish(0, 'the call has no media to record'));
      return;
    }
    media.on('recordingDone', (r) => {
      if (r.path === this.path) this.finish(r.durationMs, r.error?.message);
    });
    media.on('close', () => this.finish(0, 'the media session ended before the recording completed'));
    media.startRecording(this.path, options.channels === 'stereo' ? 2 : 1).then(
      () => {
        this.started = true;
        if (this.stopped) media.stopRecording();
      },
      (e: Error) => this.finish(0, e.message),
    );
  }

  get closed(): boolean {
    return this.over;
  }

  /** Completes the file; `done` follows once it is on disk. Idempotent. */
  stop(): void {
    if (this.stopped || this.over) return;
    this.stopped = true;
    if (this.started) this.media?.stopRecording();
  }

  /** Abandons the recording: no `done` follows. */
  close(): void {
    if (this.over) return;
    this.stop();
    this.over = true;
    this.emit('close');
    this.removeAllListeners();
  }

  private finish(durationMs: number, error: string | undefined): void {
    if (this.over) return;
    this.over = true;
    const result: RecordingResult = { recordingId: this.recordingId, path: this.path, durationMs: Math.round(durationMs) };
    if (error !== undefined) result.error = error;
    this.emit('done', result);
    this.emit('close');
    this.removeAllListeners();
  }
}

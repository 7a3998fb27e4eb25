// A recording of one SIP call: the media session's WAV recorder, from record() to stop() or the end of the call.
import { join } from 'node:path';
import { TypedEmitter } from '../../../shared/typed-emitter.ts';
import type { Recording, RecordingEvents, RecordingResult, RecordOptions } from '../../carrier.ts';
import type { MediaSession } from '../../rtp/engine/media-session.ts';

/**
 * `done` comes once, from the worker's `recordingDone` (or, when the file never opened, from the
 * failure), so never from inside stop() or close(). The session records one file at a time.
 */
export class SipRecording extends TypedEmitter<RecordingEvents> implements Recording {
  private isClosed = false;
  private finished = false;
  readonly path: string;

  constructor(
    readonly recordingId: string,
    options: RecordOptions,
    ctx: { recordingDir: string },
    private readonly media: MediaSession | undefined,
    private readonly onClosed: () => void,
  ) {
    super();
    this.path = join(ctx.recordingDir, `${recordingId}.wav`);
    if (!media) return;
    media.on('recordingDone', (r) => {
      if (r.path === this.path) this.finish({ recordingId, path: r.path, durationMs: Math.round(r.durationMs) });
    });
    media.on('close', () => this.finish({ recordingId, durationMs: 0 }));
    media.startRecording(this.path, options.channels === 'stereo' ? 2 : 1).then(
      () => {
        if (this.isClosed) media.stopRecording();
      },
      () => this.finish({ recordingId, durationMs: 0 }),
    );
  }

  get closed(): boolean {
    return this.isClosed;
  }

  stop(): void {
    this.close();
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.onClosed();
    if (this.media && !this.media.closed) this.media.stopRecording();
    else queueMicrotask(() => this.finish({ recordingId: this.recordingId, durationMs: 0 }));
  }

  private finish(result: RecordingResult): void {
    if (this.finished) return;
    this.finished = true;
    this.isClosed = true;
    this.emit('done', result);
    this.emit('close');
    this.removeAllListeners();
  }
}

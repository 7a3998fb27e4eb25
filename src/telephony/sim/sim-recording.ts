import { open, unlink } from 'node:fs/promises';
import type { Clock } from '../../shared/clock.ts';
import { TypedEmitter } from '../../shared/typed-emitter.ts';
import type { Recording, RecordingEvents, RecordingResult, RecordOptions } from '../carrier.ts';
import { PCM_WAV_HEADER_BYTES, pcmWavHeader } from '../rtp/pcm-wav-header.ts';

const SAMPLE_RATE = 8000;

/**
 * A simulated recording: the simulated line carries no audio, so on completion it writes a real
 * WAV at the app's path holding silence (16-bit PCM, 8 kHz) exactly as long as the time recorded
 * on the line's clock. The whole recording path (storage, signed URL, download) then works on the
 * simulated carrier. `done` comes from the file write's completion, never from inside a method;
 * the recording owns no timer, so nothing of it can fire after close().
 */
export class SimRecording extends TypedEmitter<RecordingEvents> implements Recording {
  #closed = false;
  private stopped = false;
  private readonly startedAt: number;

  constructor(
    readonly recordingId: string,
    readonly options: RecordOptions,
    private readonly clock: Clock,
  ) {
    super();
    this.startedAt = clock.now();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Completes the file with the time recorded so far; `done`, then `close`, follow once it is on disk. */
  stop(): void {
    if (this.stopped || this.#closed) return;
    this.stopped = true;
    const durationMs = this.clock.now() - this.startedAt;
    const { path } = this.options;
    void writeSilentWav(path, this.options.channels === 'stereo' ? 2 : 1, durationMs).then((error) => {
      if (this.#closed) {
        // Abandoned while the file was written: it is nobody's, so it does not stay behind.
        void unlink(path).catch(() => undefined);
        return;
      }
      const result: RecordingResult = { recordingId: this.recordingId, path, durationMs, ...(error !== undefined && { error }) };
      this.emit('done', result);
      this.finish();
    });
  }

  /** Abandons the recording: `close` now, no `done` after it. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.stopped = true;
    this.finish();
  }

  private finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.emit('close');
    this.removeAllListeners();
  }
}

/** Writes the header, then extends the file with zeros (PCM silence) without holding them in memory. Returns an error text or undefined. */
async function writeSilentWav(path: string, channels: 1 | 2, durationMs: number): Promise<string | undefined> {
  const frames = Math.round((Math.max(0, durationMs) * SAMPLE_RATE) / 1000);
  const dataBytes = frames * 2 * channels;
  try {
    const file = await open(path, 'w');
    try {
      await file.write(pcmWavHeader(channels, SAMPLE_RATE, dataBytes), 0, PCM_WAV_HEADER_BYTES, 0);
      await file.truncate(PCM_WAV_HEADER_BYTES + dataBytes);
    } finally {
      await file.close();
    }
    return undefined;
  } catch (err) {
    return `could not write ${path}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

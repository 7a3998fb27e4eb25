import type { Clock } from '../../shared/clock.ts';
import { TypedEmitter } from '../../shared/typed-emitter.ts';
import type { Recording, RecordingEvents, RecordOptions } from '../carrier.ts';

/**
 * A simulated recording: no audio, no file, only its time span on the line's clock, so a test
 * can check that a recording starts and completes exactly when the call says it should.
 */
export class SimRecording extends TypedEmitter<RecordingEvents> implements Recording {
  #closed = false;
  private readonly startedAt: number;

  constructor(
    readonly recordingId: string,
    readonly options: RecordOptions,
    private readonly clock: Clock,
    /** Reports completion from a timer, like every event of the simulated line. */
    private readonly later: (fn: () => void) => void,
  ) {
    super();
    this.startedAt = clock.now();
  }

  get closed(): boolean {
    return this.#closed;
  }

  stop(): void {
    this.close();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const durationMs = this.clock.now() - this.startedAt;
    this.later(() => {
      this.emit('done', { recordingId: this.recordingId, durationMs });
      this.emit('close');
      this.removeAllListeners();
    });
  }
}

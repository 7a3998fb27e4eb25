/**
 * One call's prompt queue. Each tick the session asks for the next frame; the player copies 160 bytes
 * of the shared prompt (at this call's offset) into the session's packet buffer. `playbackDone` fires
 * after the last frame of a prompt was handed out for sending, or at once when a prompt is cut.
 */
import type { G711Law } from '../g711.ts';
import { FRAME_BYTES, type PromptFrames } from './prompt-frames.ts';

export type PlaybackEndReason = 'finished' | 'stopped' | 'bargeIn';

export interface PlayOptions {
  /** A digit from the caller cuts this prompt (and queued barge-in prompts). */
  bargeIn?: boolean;
}

interface Queued {
  id: string;
  bytes: Uint8Array;
  /** The same bytes as 32-bit words when they start on a 4-byte boundary (encodePrompt's always do): 40 word moves per frame. */
  words: Int32Array | undefined;
  frameCount: number;
  bargeIn: boolean;
}

const FRAME_WORDS = FRAME_BYTES / 4;

export class Player {
  private readonly queue: Queued[] = [];
  private offset = 0;
  /** True when the frame last written started a prompt (marker bit, RFC 3551 §4.1 talkspurt start). */
  startedPrompt = false;
  /** A word view of the last `out` buffer's payload, kept so each frame is copied without allocating a view. */
  private outBuf: Uint8Array | undefined;
  private outAt = -1;
  private outWords: Int32Array | undefined;

  constructor(
    private readonly law: G711Law,
    private readonly onDone: (id: string, reason: PlaybackEndReason) => void,
  ) {}

  play(id: string, frames: PromptFrames, opts: PlayOptions = {}): void {
    const bytes = this.law === 'pcmu' ? frames.pcmu : frames.pcma;
    const words = bytes.byteOffset % 4 === 0 ? new Int32Array(bytes.buffer, bytes.byteOffset, frames.frameCount * FRAME_WORDS) : undefined;
    this.queue.push({ id, bytes, words, frameCount: frames.frameCount, bargeIn: opts.bargeIn === true });
  }

  get playing(): boolean {
    return this.queue.length > 0;
  }

  get currentId(): string | undefined {
    return this.queue[0]?.id;
  }

  /**
   * Writes the next frame into `out` at `at`; false when idle. Empty prompts finish here. After the
   * caller has sent the packet it calls `afterSend()`, which reports a finished prompt.
   */
  nextFrame(out: Uint8Array, at: number): boolean {
    for (;;) {
      const cur = this.queue[0];
      if (!cur) return false;
      if (this.offset < cur.frameCount) {
        this.startedPrompt = this.offset === 0;
        const dst = cur.words && this.wordsOf(out, at);
        if (dst) {
          // Buffer#copy and TypedArray#set of a range both build a view per call; a word loop allocates nothing.
          const src = cur.words!;
          const from = this.offset * FRAME_WORDS;
          for (let i = 0; i < FRAME_WORDS; i++) dst[i] = src[from + i]!;
        } else out.set(cur.bytes.subarray(this.offset * FRAME_BYTES, (this.offset + 1) * FRAME_BYTES), at);
        this.offset++;
        return true;
      }
      this.finishCurrent('finished');
    }
  }

  /** Reports the current prompt as finished if its last frame was just sent. */
  afterSend(): void {
    const cur = this.queue[0];
    if (cur && this.offset >= cur.frameCount) this.finishCurrent('finished');
  }

  /** Stops the current prompt and drops the queue; each reports `stopped`. */
  stop(): void {
    while (this.queue.length) this.finishCurrent('stopped');
  }

  /** Cuts the current prompt if it allows barge-in, with the queued barge-in prompts behind it. Returns true if it cut. */
  bargeIn(): boolean {
    if (!this.queue[0]?.bargeIn) return false;
    while (this.queue[0]?.bargeIn) this.finishCurrent('bargeIn');
    return true;
  }

  /** Forgets everything without events (the session is closing). */
  clear(): void {
    this.queue.length = 0;
    this.offset = 0;
  }

  private wordsOf(out: Uint8Array, at: number): Int32Array | undefined {
    if (out !== this.outBuf || at !== this.outAt) {
      this.outBuf = out;
      this.outAt = at;
      const start = out.byteOffset + at;
      this.outWords = start % 4 === 0 && at + FRAME_BYTES <= out.length ? new Int32Array(out.buffer, start, FRAME_WORDS) : undefined;
    }
    return this.outWords;
  }

  private finishCurrent(reason: PlaybackEndReason): void {
    const cur = this.queue.shift()!;
    this.offset = 0;
    this.onDone(cur.id, reason);
  }
}

/**
 * Streaming WAV writer for call recording: 16-bit PCM at 8 kHz, mono or stereo (left = remote party,
 * right = what we played). It writes a 44-byte header with sizes 0, appends through a small buffer with
 * positional writes, and on `close()` patches the RIFF size (offset 4) and data size (offset 40) — also
 * after a write error, to the bytes that did reach the file — so the file never lives in memory.
 */
import { open } from 'node:fs/promises';
import { PCM_WAV_HEADER_BYTES, pcmWavHeader } from './pcm-wav-header.ts';

const HEADER = PCM_WAV_HEADER_BYTES;

/** The part of fs.promises.FileHandle the recorder needs (tests inject failures through it). */
export interface RecorderFile {
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  truncate(len: number): Promise<void>;
  close(): Promise<void>;
}

export interface WavRecorderOptions {
  channels?: 1 | 2;
  sampleRate?: number;
  /** Bytes buffered before a write; default 16 KiB (0.5 s of stereo). */
  bufferBytes?: number;
  /** Bytes waiting for the disk beyond which recording stops with an error; default 1 MiB (~32 s stereo). */
  maxPendingBytes?: number;
  /** Opens the file; default fs.promises.open(path, 'w'). */
  openFile?: (path: string) => Promise<RecorderFile>;
}

export interface RecordingResult {
  path: string;
  dataBytes: number;
  durationMs: number;
  /** The first write error, if any; the header still describes the data written before it. */
  error?: Error;
}

export class WavRecorder {
  readonly channels: 1 | 2;
  private readonly sampleRate: number;
  private readonly capacity: number;
  private readonly maxPending: number;
  private buf: Buffer;
  private used = 0;
  private queued = 0;
  private written = 0;
  private chain: Promise<void>;
  private failure: Error | undefined;
  private headerWritten = false;
  private closing: Promise<RecordingResult> | undefined;

  private constructor(
    readonly path: string,
    private readonly file: RecorderFile,
    opts: WavRecorderOptions,
  ) {
    this.channels = opts.channels ?? 1;
    this.sampleRate = opts.sampleRate ?? 8000;
    this.capacity = Math.max(4, (opts.bufferBytes ?? 16384) & ~3);
    this.maxPending = opts.maxPendingBytes ?? 1 << 20;
    this.buf = Buffer.alloc(this.capacity);
    this.chain = this.put(this.header(0), 0).then((n) => {
      this.headerWritten = n === HEADER;
    });
  }

  static async open(path: string, opts: WavRecorderOptions = {}): Promise<WavRecorder> {
    const file = await (opts.openFile ?? ((p: string) => open(p, 'w')))(path);
    return new WavRecorder(path, file, opts);
  }

  /** Appends a mono frame. Returns false once closed or failed (the frame is dropped). */
  write(pcm: Int16Array, count = pcm.length): boolean {
    if (this.channels !== 1 || !this.accepting()) return false;
    for (let i = 0; i < count; i++) this.sample(pcm[i]!);
    return true;
  }

  /** Appends `count` stereo samples, left = remote, right = local; a missing side is silence. */
  writeStereo(remote: Int16Array | null, local: Int16Array | null, count: number): boolean {
    if (this.channels !== 2 || !this.accepting()) return false;
    for (let i = 0; i < count; i++) {
      this.sample(remote ? (remote[i] ?? 0) : 0);
      this.sample(local ? (local[i] ?? 0) : 0);
    }
    return true;
  }

  /** Flushes, patches the header, closes the file. Idempotent: every call returns the same promise. */
  close(): Promise<RecordingResult> {
    this.closing ??= this.finish();
    return this.closing;
  }

  private accepting(): boolean {
    return this.closing === undefined && this.failure === undefined;
  }

  private sample(v: number): void {
    this.buf[this.used] = v & 0xff;
    this.buf[this.used + 1] = (v >> 8) & 0xff;
    this.used += 2;
    if (this.used === this.capacity) this.flush();
  }

  private flush(): void {
    if (this.used === 0) return;
    if (this.queued - this.written > this.maxPending) {
      // The disk is not keeping up: stop rather than let the recording pile up in memory.
      this.failure ??= new Error(`recording ${this.path} fell more than ${this.maxPending} bytes behind the disk`);
      return;
    }
    const chunk = this.buf.subarray(0, this.used);
    const position = HEADER + this.queued;
    this.queued += this.used;
    this.buf = Buffer.alloc(this.capacity);
    this.used = 0;
    this.chain = this.chain.then(async () => {
      if (this.failure) return;
      const n = await this.put(chunk, position);
      if (n === chunk.length) this.written += n;
    });
  }

  /** One positional write; records the first failure instead of throwing. Returns bytes written. */
  private async put(data: Buffer, position: number): Promise<number> {
    try {
      let done = 0;
      while (done < data.length) {
        const { bytesWritten } = await this.file.write(data, done, data.length - done, position + done);
        if (bytesWritten <= 0) throw new Error(`short write to ${this.path}`);
        done += bytesWritten;
      }
      return done;
    } catch (err) {
      this.failure ??= err instanceof Error ? err : new Error(String(err));
      return 0;
    }
  }

  private async finish(): Promise<RecordingResult> {
    this.flush();
    await this.chain;
    let error = this.failure;
    try {
      // Data after a failed write may be partial: cut the file back to what the header will describe.
      if (this.failure) await this.file.truncate(HEADER + this.written).catch(() => undefined);
      const h = this.header(this.written);
      if (this.headerWritten) {
        await this.file.write(h, 4, 4, 4);
        await this.file.write(h, 40, 4, 40);
      } else await this.file.write(h, 0, HEADER, 0);
    } catch (err) {
      error ??= err instanceof Error ? err : new Error(String(err));
    } finally {
      await this.file.close().catch(() => undefined);
    }
    const frames = this.written / (2 * this.channels);
    return { path: this.path, dataBytes: this.written, durationMs: (frames * 1000) / this.sampleRate, ...(error ? { error } : {}) };
  }

  private header(dataBytes: number): Buffer {
    return pcmWavHeader(this.channels, this.sampleRate, dataBytes);
  }
}

import { findContentLength } from './content-length.ts';

/**
 * Cuts a TCP byte stream into SIP messages by Content-Length (RFC 3261 §18.3), across partial
 * reads and several messages per read. Between messages, CRLFs are ignored (§7.5) and a double
 * CRLF is a keep-alive ping (RFC 5626 §3.5.1). A malformed frame is reported once and the
 * framer stops: over a stream the only safe recovery is to close the connection (RFC 4475 on bad Content-Length over a stream).
 *
 * Bytes are scanned incrementally, so a peer sending one byte at a time costs O(n), not O(n²).
 * A message wholly inside one read is handed out as a zero-copy subarray of that read.
 */
export interface FramerLimits {
  /** Start-line plus headers plus the blank line. */
  maxHeaderBytes: number;
  maxBodyBytes: number;
}

export type FrameErrorReason = 'missing-content-length' | 'bad-content-length' | 'header-too-large' | 'body-too-large';

export interface FrameError {
  reason: FrameErrorReason;
  detail: string;
}

export interface FrameSink {
  message(bytes: Buffer): void;
  /** A double-CRLF keep-alive: answer it with a single CRLF (RFC 5626 §3.5.1). */
  ping(): void;
  error(error: FrameError): void;
}

export const DEFAULT_FRAMER_LIMITS: FramerLimits = { maxHeaderBytes: 16 * 1024, maxBodyBytes: 256 * 1024 };

const CR = 0x0d;
const LF = 0x0a;
const BLANK_LINE = Buffer.from('\r\n\r\n');

/** How much of "\r\n\r\n" chunk[from..] ends with (0..3), to resume the search in the next read. */
function trailingMatch(chunk: Buffer, from: number): number {
  const n = chunk.length;
  if (n - from >= 3 && chunk[n - 3] === CR && chunk[n - 2] === LF && chunk[n - 1] === CR) return 3;
  if (n - from >= 2 && chunk[n - 2] === CR && chunk[n - 1] === LF) return 2;
  return n - from >= 1 && chunk[n - 1] === CR ? 1 : 0;
}

type Phase = 'between' | 'header' | 'body' | 'failed';

export class StreamFramer {
  private phase: Phase = 'between';
  /** Line ends seen since the last message; two make a ping. */
  private lineEnds = 0;
  /** Progress through "\r\n\r\n" while scanning the header section. */
  private match = 0;
  /** Pieces of the message in progress that came in earlier reads. */
  private parts: Buffer[] = [];
  private partsLength = 0;
  /** Header bytes scanned so far, then the whole message's length once the header is read. */
  private headerLength = 0;
  private total = 0;
  /** Where the current message starts in the read it started in. */
  private start = 0;

  constructor(
    private readonly sink: FrameSink,
    private readonly limits: FramerLimits = DEFAULT_FRAMER_LIMITS,
  ) {}

  get failed(): boolean {
    return this.phase === 'failed';
  }

  /** Bytes held for a message not yet complete. */
  get buffered(): number {
    return this.partsLength;
  }

  push(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length && this.phase !== 'failed') {
      if (this.phase === 'between') i = this.skipLineEnds(chunk, i);
      else if (this.phase === 'header') i = this.scanHeader(chunk, i);
      else i = this.takeBody(chunk, i); // a body continuing from an earlier read, so nothing of this chunk is kept yet
    }
  }

  private skipLineEnds(chunk: Buffer, from: number): number {
    let i = from;
    for (; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === CR) continue;
      if (b !== LF) break;
      if (++this.lineEnds === 2) {
        this.lineEnds = 0;
        this.sink.ping();
      }
    }
    if (i < chunk.length) {
      this.phase = 'header';
      this.lineEnds = 0;
      this.match = 0;
      this.headerLength = 0;
      this.start = i;
    }
    return i;
  }

  private scanHeader(chunk: Buffer, from: number): number {
    // The message so far is `parts` followed by chunk[unkept..].
    const unkept = this.partsLength === 0 ? this.start : 0;
    let m = this.match;
    let i = from;
    // Finish a blank line begun at the end of the previous read, byte by byte.
    for (; m > 0 && m < 4 && i < chunk.length; i++) {
      const b = chunk[i];
      if (b === ((m & 1) === 0 ? CR : LF)) m++;
      else m = b === CR ? 1 : 0;
    }
    if (m < 4 && i < chunk.length) {
      // Native search: 600k vs 370k framed 500-byte INVITEs per CPU-second with a JS byte loop (measured).
      const k = chunk.indexOf(BLANK_LINE, i);
      if (k >= 0) {
        i = k + 4;
        m = 4;
      } else {
        m = trailingMatch(chunk, i);
        i = chunk.length;
      }
    }
    this.match = m;
    this.headerLength += i - from;
    if (this.headerLength > this.limits.maxHeaderBytes)
      return this.fail('header-too-large', `header section over ${this.limits.maxHeaderBytes} bytes`);
    if (m < 4) {
      this.keep(chunk.subarray(unkept));
      return chunk.length;
    }
    const inPieces = this.partsLength > 0;
    const header = inPieces ? Buffer.concat([...this.parts, chunk.subarray(0, i)]) : chunk.subarray(unkept, i);
    const cl = findContentLength(header, 0, header.length - 4);
    if (!cl.ok) return this.fail(cl.reason, cl.detail);
    if (cl.length > this.limits.maxBodyBytes)
      return this.fail('body-too-large', `Content-Length ${cl.length} over ${this.limits.maxBodyBytes}`);
    this.total = this.headerLength + cl.length;
    this.phase = 'body';
    if (!inPieces) return this.takeBody(chunk, unkept);
    this.parts = [header];
    this.partsLength = header.length;
    return this.takeBody(chunk, i);
  }

  /** chunk[unkept..] continues the message after `parts`. */
  private takeBody(chunk: Buffer, unkept: number): number {
    if (this.partsLength + chunk.length - unkept < this.total) {
      this.keep(chunk.subarray(unkept));
      return chunk.length;
    }
    const end = unkept + this.total - this.partsLength;
    let message: Buffer;
    if (this.partsLength === 0) {
      message = chunk.subarray(unkept, end);
    } else {
      message = Buffer.concat([...this.parts, chunk.subarray(unkept, end)], this.total);
      this.parts = [];
      this.partsLength = 0;
    }
    this.phase = 'between';
    this.sink.message(message);
    return end;
  }

  private keep(piece: Buffer): void {
    if (piece.length === 0) return;
    this.parts.push(piece);
    this.partsLength += piece.length;
  }

  private fail(reason: FrameErrorReason, detail: string): number {
    this.phase = 'failed';
    this.parts = [];
    this.partsLength = 0;
    this.sink.error({ reason, detail });
    return Number.MAX_SAFE_INTEGER;
  }
}

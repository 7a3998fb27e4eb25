/**
 * Framing of the TTS plug-in pipe (packages/tts-espeak/README.md, "Protocol"). Each frame is
 *   u32 BE header length | u32 BE payload length | header (UTF-8 JSON object) | payload (raw bytes)
 * The plug-in keeps its own copy in plain JavaScript: it is GPL and runs without this tree.
 */

export const MAX_HEADER_BYTES = 1 << 20;
export const MAX_PAYLOAD_BYTES = 64 << 20;
const PREFIX_BYTES = 8;

export interface Frame {
  header: Record<string, unknown>;
  payload: Buffer;
}

/** The frames a chunk completed; `failure` once the stream broke (frames before the break still count, none after). */
export interface DecodeResult {
  frames: Frame[];
  failure?: string;
}

export function encodeFrame(header: Record<string, unknown>, payload: Uint8Array = new Uint8Array(0)): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const frame = Buffer.allocUnsafe(PREFIX_BYTES + json.length + payload.byteLength);
  frame.writeUInt32BE(json.length, 0);
  frame.writeUInt32BE(payload.byteLength, 4);
  json.copy(frame, PREFIX_BYTES);
  frame.set(payload, PREFIX_BYTES + json.length);
  return frame;
}

/**
 * Reassembles frames from a byte stream cut anywhere: push() returns the frames this chunk
 * completes. A length over the cap or a header that is not a JSON object breaks the stream for
 * good (there is no way to find the next frame), so the decoder then stays failed. Never throws.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private failure: string | undefined;

  push(chunk: Buffer): DecodeResult {
    if (this.failure !== undefined) return { frames: [], failure: this.failure };
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Frame[] = [];
    while (this.buffered >= PREFIX_BYTES) {
      const head = this.first(PREFIX_BYTES);
      const headerBytes = head.readUInt32BE(0);
      const payloadBytes = head.readUInt32BE(4);
      if (headerBytes > MAX_HEADER_BYTES || payloadBytes > MAX_PAYLOAD_BYTES) {
        return this.fail(frames, `frame of ${headerBytes} + ${payloadBytes} bytes is over the limit`);
      }
      const total = PREFIX_BYTES + headerBytes + payloadBytes;
      if (this.buffered < total) break; // wait for the rest; no copying until the frame is whole
      const frame = this.take(total);
      const header = parseHeader(frame.toString('utf8', PREFIX_BYTES, PREFIX_BYTES + headerBytes));
      if (header === undefined) return this.fail(frames, 'frame header is not a JSON object');
      frames.push({ header, payload: frame.subarray(PREFIX_BYTES + headerBytes) });
    }
    return { frames };
  }

  /** Bytes received that do not yet make a whole frame. */
  get pendingBytes(): number {
    return this.buffered;
  }

  private fail(frames: Frame[], reason: string): DecodeResult {
    this.failure = reason;
    this.chunks = [];
    this.buffered = 0;
    return { frames, failure: reason };
  }

  /** A buffer starting at the stream position holding at least `n` bytes. */
  private first(n: number): Buffer {
    if (this.chunks[0]!.length < n) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0]!;
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return all.subarray(0, n);
  }
}

function parseHeader(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

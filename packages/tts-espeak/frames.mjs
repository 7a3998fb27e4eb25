// SPDX-License-Identifier: GPL-3.0-or-later
// The pipe protocol's framing (README.md, "Protocol"): every frame is
//   u32 BE header length | u32 BE payload length | header (UTF-8 JSON object) | payload (raw bytes)
// so a response can carry PCM without base64, and a reader knows where each frame ends.

export const MAX_HEADER_BYTES = 1 << 20;
export const MAX_PAYLOAD_BYTES = 64 << 20;
const PREFIX_BYTES = 8;

/** One frame as bytes: the header object serialised, then the payload. */
export function encodeFrame(header, payload = new Uint8Array(0)) {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const frame = Buffer.allocUnsafe(PREFIX_BYTES + json.length + payload.byteLength);
  frame.writeUInt32BE(json.length, 0);
  frame.writeUInt32BE(payload.byteLength, 4);
  json.copy(frame, PREFIX_BYTES);
  Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).copy(frame, PREFIX_BYTES + json.length);
  return frame;
}

/**
 * Reassembles frames from a byte stream cut anywhere. push() returns { frames } completed by this
 * chunk, plus `error` once the stream is beyond repair (a length over the cap, a header that is
 * not a JSON object): the frames before the break still count, none after it. Never throws.
 */
export class FrameDecoder {
  #pending = [];
  #pendingBytes = 0;
  #failed = null;

  push(chunk) {
    if (this.#failed) return { frames: [], error: this.#failed };
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    const frames = [];
    for (;;) {
      if (this.#pendingBytes < PREFIX_BYTES) break;
      const head = this.#peek(PREFIX_BYTES);
      const headerBytes = head.readUInt32BE(0);
      const payloadBytes = head.readUInt32BE(4);
      if (headerBytes > MAX_HEADER_BYTES || payloadBytes > MAX_PAYLOAD_BYTES) {
        return this.#fail(frames, `frame of ${headerBytes} + ${payloadBytes} bytes is over the limit`);
      }
      const total = PREFIX_BYTES + headerBytes + payloadBytes;
      if (this.#pendingBytes < total) break;
      const frame = this.#take(total);
      let header;
      try {
        header = JSON.parse(frame.toString('utf8', PREFIX_BYTES, PREFIX_BYTES + headerBytes));
      } catch {
        return this.#fail(frames, 'frame header is not JSON');
      }
      if (header === null || typeof header !== 'object' || Array.isArray(header))
        return this.#fail(frames, 'frame header is not a JSON object');
      frames.push({ header, payload: frame.subarray(PREFIX_BYTES + headerBytes) });
    }
    return { frames };
  }

  #fail(frames, reason) {
    this.#failed = reason;
    this.#pending = [];
    this.#pendingBytes = 0;
    return { frames, error: reason };
  }

  #peek(n) {
    if (this.#pending[0].length < n) this.#pending = [Buffer.concat(this.#pending)];
    return this.#pending[0];
  }

  #take(n) {
    const all = this.#pending.length === 1 ? this.#pending[0] : Buffer.concat(this.#pending);
    const rest = all.subarray(n);
    this.#pending = rest.length > 0 ? [rest] : [];
    this.#pendingBytes = rest.length;
    return all.subarray(0, n);
  }
}

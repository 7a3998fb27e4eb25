import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Enough to reach the data chunk past the usual LIST/fact chunks. */
const HEAD_BYTES = 64 * 1024;

/**
 * Duration of a RIFF/WAVE file from its header: data chunk size over the fmt chunk's byte
 * rate. `fileSize` covers streamed files whose data size is 0 or 0xFFFFFFFF. Undefined when
 * the bytes are not a WAV header this can read.
 */
export function wavDurationMs(head: Uint8Array, fileSize = head.length): number | undefined {
  if (head.length < 12) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const tag = (at: number) => String.fromCharCode(head[at]!, head[at + 1]!, head[at + 2]!, head[at + 3]!);
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return undefined;
  let byteRate: number | undefined;
  for (let at = 12; at + 8 <= head.length;) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ' && at + 16 <= head.length) byteRate = view.getUint32(at + 16, true);
    if (id === 'data') {
      if (!byteRate) return undefined;
      const available = Math.max(0, fileSize - (at + 8));
      const dataSize = size === 0 || size === 0xffffffff || size > available ? available : size;
      return Math.round((dataSize * 1000) / byteRate);
    }
    at += 8 + size + (size % 2); // chunks are padded to an even length
  }
  return undefined;
}

/** Reads a WAV file's header; undefined for a missing, unreadable or non-WAV file. */
export function readWavDurationMs(path: string): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = new Uint8Array(HEAD_BYTES);
    const n = readSync(fd, head, 0, HEAD_BYTES, 0);
    return wavDurationMs(head.subarray(0, n), fstatSync(fd).size);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

import { isWs } from './lex.ts';
import { parseDecimal } from './host.ts';
import { DEFAULT_LIMITS, type SipLimits } from './limits.ts';

/** Where the next message in a stream (TCP/TLS) buffer is, whether more bytes are needed, or why the stream is broken. */
export type StreamFrame =
  /** `buf.subarray(start, end)` is one whole message for parseSipMessage; consume `end` bytes. */
  | { readonly kind: 'message'; readonly start: number; readonly end: number }
  /** Wait for more bytes; the first `skip` bytes (keep-alive CRLFs, RFC 5626 §4.4.1) can be dropped already. */
  | { readonly kind: 'incomplete'; readonly skip: number }
  /** The stream cannot be framed any more: answer if you can, then close the connection (RFC 3261 §18.3). */
  | { readonly kind: 'error'; readonly status: 400 | 413 | 513; readonly reason: string };

const CRLFCRLF = Buffer.from('\r\n\r\n');

/**
 * Frames the first message of a stream buffer by its Content-Length, which a stream message must
 * carry (RFC 3261 §18.3, §20.14). Reads only the Content-Length header; never throws.
 */
export function frameStreamMessage(input: Uint8Array, limits: Partial<SipLimits> = {}): StreamFrame {
  const max = { ...DEFAULT_LIMITS, ...limits };
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  let start = 0;
  while (start + 1 < buf.length && buf[start] === 13 && buf[start + 1] === 10) start += 2;
  const headEnd = buf.indexOf(CRLFCRLF, start);
  if (headEnd < 0) {
    if (buf.length - start > max.maxMessageBytes)
      return { kind: 'error', status: 513, reason: `headers exceed ${max.maxMessageBytes} bytes` };
    return { kind: 'incomplete', skip: start };
  }
  const text = buf.toString('latin1', start, headEnd);
  let length = -1;
  for (let pos = text.indexOf('\r\n'); pos >= 0; pos = text.indexOf('\r\n', pos + 2)) {
    const line = pos + 2;
    if (isWs(text.charCodeAt(line))) continue; // a continuation line
    const value = contentLengthAt(text, line);
    if (value === undefined) continue;
    const n = value === null ? undefined : parseDecimal(value, 0, value.length, Number.MAX_SAFE_INTEGER);
    if (n === undefined) return { kind: 'error', status: 400, reason: 'Content-Length is not a non-negative integer' };
    if (length >= 0 && n !== length) return { kind: 'error', status: 400, reason: 'conflicting Content-Length values' };
    length = n;
  }
  if (length < 0) return { kind: 'error', status: 400, reason: 'a stream message has no Content-Length' };
  if (length > max.maxBodyBytes)
    return { kind: 'error', status: 413, reason: `body of ${length} bytes exceeds the ${max.maxBodyBytes}-byte limit` };
  const end = headEnd + 4 + length;
  if (end - start > max.maxMessageBytes)
    return { kind: 'error', status: 513, reason: `message exceeds the ${max.maxMessageBytes}-byte limit` };
  return end <= buf.length ? { kind: 'message', start, end } : { kind: 'incomplete', skip: start };
}

// The trimmed value if the header line at `line` is Content-Length (or its compact form l), null if
// that value spans a fold (not a plain number then), undefined for any other header.
function contentLengthAt(text: string, line: number): string | null | undefined {
  const eol = text.indexOf('\r\n', line);
  const lineEnd = eol < 0 ? text.length : eol;
  let colon = line; // bounded to the line, so lines without a colon keep the scan linear
  while (colon < lineEnd && text.charCodeAt(colon) !== 58) colon++;
  if (colon === lineEnd) return undefined;
  const name = text.slice(line, colon).trimEnd().toLowerCase();
  if (name !== 'content-length' && name !== 'l') return undefined;
  if (lineEnd + 2 < text.length && isWs(text.charCodeAt(lineEnd + 2))) return null;
  return text.slice(colon + 1, lineEnd).trim();
}

import { parseDecimal } from './host.ts';
import { checkCoreHeaders } from './header-syntax.ts';
import { isListHeader, resolveLowerName } from './header-names.ts';
import { SipHeaders } from './headers.ts';
import { isToken, isWs, splitList } from './lex.ts';
import { DEFAULT_LIMITS, type SipLimits } from './limits.ts';
import { isAscii } from 'node:buffer';
import { SIP_VERSION, type SipMessage } from './message.ts';
import type { SipFailureKind, SipParseFailure, SipParseResult } from './parse-failure.ts';
import { parseStartLine } from './start-line.ts';

export interface ParseOptions {
  limits?: Partial<SipLimits>;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');
const ANSWER_NEEDS = ['Via', 'From', 'To', 'Call-ID', 'CSeq'];

/**
 * Parses one SIP message from a datagram (RFC 3261 §7, §18.3 framing over UDP): octets after the
 * body that Content-Length frames are ignored (RFC 4475 §3.1.1.8). Never throws.
 * Hand-written over a latin1 view of the header section (one char per octet, so offsets are byte
 * offsets); values holding non-ASCII octets are re-decoded as UTF-8. Measured in bench/sip-parse.ts.
 */
export function parseSipMessage(input: Uint8Array, options: ParseOptions = {}): SipParseResult {
  try {
    return parse(input, options.limits ? { ...DEFAULT_LIMITS, ...options.limits } : DEFAULT_LIMITS);
  } catch (err) {
    // Unreachable by design (the fast-check properties hunt for it); kept so a bug is a failure, not a crash.
    return failure('malformed', 400, `internal parser error: ${(err as Error).message}`, false, undefined, new SipHeaders());
  }
}

function failure(
  kind: SipFailureKind,
  status: SipParseFailure['status'],
  reason: string,
  isRequest: boolean,
  method: string | undefined,
  headers: SipHeaders,
): SipParseFailure {
  const answerable = isRequest && method !== 'ACK' && ANSWER_NEEDS.every((h) => headers.has(h));
  return method === undefined
    ? { ok: false, kind, status, reason, isRequest, answerable, headers }
    : { ok: false, kind, status, reason, isRequest, method, answerable, headers };
}

function parse(input: Uint8Array, limits: Readonly<SipLimits>): SipParseResult {
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const len = buf.length;
  let start = 0;
  while (start + 1 < len && buf[start] === 13 && buf[start + 1] === 10) start += 2; // §7.5: ignore CRLFs before the start line
  const none = new SipHeaders();
  if (start >= len) return failure('malformed', 400, 'empty message', false, undefined, none);
  let headEnd = buf.indexOf(CRLFCRLF, start);
  let bodyStart = headEnd + 4;
  if (headEnd < 0) {
    // A datagram that ends right after its last header line has an empty body (RFC 4475 baddn.dat does this).
    if (len - start < 2 || buf[len - 2] !== 13 || buf[len - 1] !== 10)
      return failure('malformed', 400, 'message ends inside its headers', false, undefined, none);
    headEnd = len - 2;
    bodyStart = len;
  }
  if (headEnd - start > limits.maxMessageBytes) {
    return failure('too-large', 513, `headers exceed the ${limits.maxMessageBytes}-byte message limit`, false, undefined, none);
  }
  const text = buf.toString('latin1', start, headEnd);
  // Values holding non-ASCII octets are re-decoded as UTF-8 (isAscii is native).
  const utf8 = !isAscii(buf.subarray(start, headEnd));

  let lineEnd = text.indexOf('\r\n');
  if (lineEnd < 0) lineEnd = text.length;
  if (lineEnd > limits.maxLineLength)
    return failure('too-large', 513, `start line exceeds ${limits.maxLineLength} bytes`, false, undefined, none);
  if (hasBareLineEnd(text, 0, lineEnd)) return failure('malformed', 400, 'the start line holds a bare CR or LF', false, undefined, none);
  const sl = parseStartLine(utf8 ? buf.toString('utf8', start, start + lineEnd) : text.slice(0, lineEnd));
  const isReq = sl.kind === 'request' || (sl.kind === 'bad' && sl.isRequest);
  const method = sl.kind === 'request' || sl.kind === 'bad' ? sl.method : undefined;

  const headers = new SipHeaders();
  const contentLengths: string[] = [];
  let rows = 0;
  for (let pos = lineEnd + 2; pos < text.length;) {
    let end = text.indexOf('\r\n', pos);
    if (end < 0) end = text.length;
    if (isWs(text.charCodeAt(pos))) return failure('malformed', 400, 'a continuation line follows no header', isReq, method, headers);
    let folded = false;
    let lineStart = pos;
    for (;;) {
      if (end - lineStart > limits.maxLineLength)
        return failure('too-large', 513, `a header line exceeds ${limits.maxLineLength} bytes`, isReq, method, headers);
      if (hasBareLineEnd(text, lineStart, end))
        return failure('malformed', 400, 'a header line holds a bare CR or LF', isReq, method, headers);
      if (end + 2 >= text.length || !isWs(text.charCodeAt(end + 2))) break;
      // RFC 3261 §7.3.1: a line starting with SP/HT continues the previous header (folding).
      folded = true;
      lineStart = end + 2;
      end = text.indexOf('\r\n', lineStart);
      if (end < 0) end = text.length;
    }
    if (++rows > limits.maxHeaderCount)
      return failure('too-large', 513, `more than ${limits.maxHeaderCount} header lines`, isReq, method, headers);
    const colon = text.indexOf(':', pos);
    if (colon < 0 || colon > end) return failure('malformed', 400, 'a header line has no colon', isReq, method, headers);
    let nameEnd = colon;
    while (nameEnd > pos && isWs(text.charCodeAt(nameEnd - 1))) nameEnd--; // HCOLON = *( SP / HTAB ) ":" SWS
    const name = text.slice(pos, nameEnd);
    if (!isToken(name)) return failure('malformed', 400, `header name "${name.slice(0, 32)}" is not a token`, isReq, method, headers);
    let value = utf8 ? buf.toString('utf8', start + colon + 1, start + end) : text.slice(colon + 1, end);
    if (folded) value = unfold(value);
    value = trimWs(value);
    pos = end + 2;
    const lower = name.toLowerCase();
    const known = resolveLowerName(lower);
    const key = known === undefined ? lower : known.key;
    if (key === 'content-length') {
      contentLengths.push(value);
    } else if (value.indexOf(',') >= 0 && isListHeader(key)) {
      for (const part of splitList(value)) headers.appendResolved(known?.name ?? name, key, part);
    } else {
      headers.appendResolved(known?.name ?? name, key, value);
    }
  }

  if (sl.kind === 'bad') return failure('malformed', 400, sl.reason, isReq, method, headers);
  if (sl.version.toUpperCase() !== SIP_VERSION)
    return failure('version', 505, `SIP version ${sl.version} is not supported`, isReq, method, headers);

  let contentLength = -1;
  for (const v of contentLengths) {
    const n = parseDecimal(v, 0, v.length, Number.MAX_SAFE_INTEGER);
    if (n === undefined)
      return failure('malformed', 400, `Content-Length "${v.slice(0, 32)}" is not a non-negative integer`, isReq, method, headers);
    if (contentLength >= 0 && n !== contentLength)
      return failure('malformed', 400, 'conflicting Content-Length values', isReq, method, headers);
    contentLength = n;
  }
  const available = Math.max(0, len - bodyStart);
  // Over a datagram, a missing Content-Length means the body is the rest of the datagram (§18.3).
  if (contentLength > available)
    return failure('malformed', 400, `Content-Length ${contentLength} exceeds the ${available} bytes received`, isReq, method, headers);
  const bodyLength = contentLength >= 0 ? contentLength : available;
  if (bodyLength > limits.maxBodyBytes)
    return failure('too-large', 413, `body of ${bodyLength} bytes exceeds the ${limits.maxBodyBytes}-byte limit`, isReq, method, headers);
  if (bodyStart - start + bodyLength > limits.maxMessageBytes) {
    return failure('too-large', 513, `message exceeds the ${limits.maxMessageBytes}-byte limit`, isReq, method, headers);
  }
  const bad = checkCoreHeaders(headers, sl.kind === 'request' ? sl.uri : undefined);
  if (bad !== undefined) return failure('malformed', 400, bad, isReq, method, headers);

  // The body is copied so the message does not pin (or see later writes to) the receive buffer.
  const body = Buffer.from(buf.subarray(bodyStart, bodyStart + bodyLength));
  const message: SipMessage =
    sl.kind === 'request'
      ? { kind: 'request', method: sl.method, uri: sl.uri, headers, body }
      : { kind: 'response', status: sl.status, reason: sl.reason, headers, body };
  return { ok: true, message };
}

// A CR or LF inside [from, end) that is not the CRLF ending at `end` (native indexOf: measured 3x faster than a JS scan).
function hasBareLineEnd(text: string, from: number, end: number): boolean {
  const r = text.indexOf('\r', from);
  const n = text.indexOf('\n', from);
  return (r >= 0 && r < end) || (n >= 0 && n <= end);
}

// LWS = [*WSP CRLF] 1*WSP: each fold, with the whitespace around it, becomes one SP (§7.3.1).
function unfold(v: string): string {
  let out = '';
  let from = 0;
  for (let i = v.indexOf('\r\n'); i >= 0; i = v.indexOf('\r\n', from)) {
    let a = i;
    while (a > from && isWs(v.charCodeAt(a - 1))) a--;
    let b = i + 2;
    while (b < v.length && isWs(v.charCodeAt(b))) b++;
    out += v.slice(from, a) + ' ';
    from = b;
  }
  return out + v.slice(from);
}

function trimWs(v: string): string {
  let a = 0;
  let b = v.length;
  while (a < b && isWs(v.charCodeAt(a))) a++;
  while (b > a && isWs(v.charCodeAt(b - 1))) b--;
  return a === 0 && b === v.length ? v : v.slice(a, b);
}

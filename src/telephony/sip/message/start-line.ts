import { TOKEN, scan } from './lex.ts';

/** The parsed first line of a message, or why it is not one (RFC 3261 §7.1, §7.2). */
export type StartLine =
  | { readonly kind: 'request'; readonly method: string; readonly uri: string; readonly version: string }
  | { readonly kind: 'response'; readonly status: number; readonly reason: string; readonly version: string }
  | { readonly kind: 'bad'; readonly isRequest: boolean; readonly method?: string; readonly reason: string };

// SIP-Version is case-insensitive (§7.1); "SIP/<digits>.<digits>".
export function isSipVersion(v: string): boolean {
  if (v.length < 7 || v.slice(0, 4).toUpperCase() !== 'SIP/') return false;
  const dot = v.indexOf('.', 4);
  if (dot < 5 || dot === v.length - 1) return false;
  for (let i = 4; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (i !== dot && (c < 48 || c > 57)) return false;
  }
  return true;
}

/** Parses the start line `line` (without CRLF). Exactly one SP between the request-line elements: extra SP is rejected (RFC 4475 §3.1.2.9, §3.1.2.10). */
export function parseStartLine(line: string): StartLine {
  if (line.length >= 4 && line.slice(0, 4).toUpperCase() === 'SIP/') return parseStatusLine(line);
  const sp1 = line.indexOf(' ');
  const method = sp1 < 0 ? line : line.slice(0, sp1);
  if (method.length === 0 || scan(method, 0, TOKEN) !== method.length)
    return { kind: 'bad', isRequest: false, reason: 'not a SIP request or status line' };
  const sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
  if (sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0 || sp2 === sp1 + 1 || sp2 === line.length - 1) {
    return { kind: 'bad', isRequest: true, method, reason: 'request line is not Method SP Request-URI SP SIP-Version' };
  }
  const uri = line.slice(sp1 + 1, sp2);
  const version = line.slice(sp2 + 1);
  if (!isSipVersion(version)) return { kind: 'bad', isRequest: true, method, reason: 'request line has no SIP version' };
  return { kind: 'request', method, uri, version };
}

function parseStatusLine(line: string): StartLine {
  const sp = line.indexOf(' ');
  const version = sp < 0 ? line : line.slice(0, sp);
  if (!isSipVersion(version)) return { kind: 'bad', isRequest: false, reason: 'status line has no SIP version' };
  const codeEnd = sp < 0 ? -1 : sp + 4;
  if (codeEnd < 0 || codeEnd > line.length || (codeEnd < line.length && line.charCodeAt(codeEnd) !== 32)) {
    return { kind: 'bad', isRequest: false, reason: 'status code is not three digits' };
  }
  let status = 0;
  for (let i = sp + 1; i < codeEnd; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) return { kind: 'bad', isRequest: false, reason: 'status code is not three digits' };
    status = status * 10 + (c - 48);
  }
  if (status < 100 || status > 699) return { kind: 'bad', isRequest: false, reason: `status code ${status} is outside 100-699` };
  // An empty reason phrase is legal (RFC 4475 §3.1.1.13); a missing SP before it is tolerated.
  return { kind: 'response', status, reason: codeEnd < line.length ? line.slice(codeEnd + 1) : '', version };
}

import { TOKEN, quote, readQuoted, scan, skipWs } from './lex.ts';
import { formatParams, parseParams, type SipParams } from './params.ts';
import { fail, ok, type Result } from './result.ts';
import { formatUri, parseUri, type Uri } from './uri.ts';

/** name-addr or addr-spec with header params (From, To, Contact, Route, Record-Route, Reply-To: RFC 3261 §20.10, §25.1). */
export interface NameAddr {
  /** Unquoted; undefined when absent. */
  displayName?: string;
  uri: Uri;
  /** Header params (tag, expires, q, ...), not URI params. */
  params: SipParams;
}

/** Parses one element of a From/To/Contact/Route value. */
export function parseNameAddr(s: string): Result<NameAddr> {
  let i = skipWs(s, 0);
  let displayName: string | undefined;
  if (i < s.length && s.charCodeAt(i) === 34) {
    const q = readQuoted(s, i);
    if (q === undefined) return fail('unterminated quoted display name');
    displayName = q.value;
    i = skipWs(s, q.end);
    if (i >= s.length || s.charCodeAt(i) !== 60) return fail('quoted display name is not followed by <URI>');
  } else if (i < s.length && s.charCodeAt(i) !== 60) {
    const words: string[] = [];
    let j = i;
    for (let end = scan(s, j, TOKEN); end > j; end = scan(s, j, TOKEN)) {
      words.push(s.slice(j, end));
      j = skipWs(s, end);
    }
    if (j < s.length && s.charCodeAt(j) === 60 && words.length > 0) {
      displayName = words.join(' ');
      i = j;
    } else if (s.indexOf('<', i) >= 0) {
      return fail('display name is neither tokens nor a quoted string');
    } else {
      return parseAddrSpec(s, i);
    }
  }
  if (i >= s.length || s.charCodeAt(i) !== 60) return fail('expected <URI>');
  const close = s.indexOf('>', i);
  if (close < 0) return fail('< has no closing >');
  const text = s.slice(i + 1, close);
  if (text.trim() !== text) return fail('whitespace inside <>'); // RFC 4475 §3.1.2.14: we reject rather than guess
  const uri = parseUri(text);
  if (!uri.ok) return uri;
  return finish(s, close + 1, displayName, uri.value);
}

// RFC 3261 §20.10: without <>, every ; parameter belongs to the header, and the URI cannot hold ? or ,.
function parseAddrSpec(s: string, i: number): Result<NameAddr> {
  let end = i;
  while (end < s.length && s.charCodeAt(end) !== 59 && s.charCodeAt(end) !== 32 && s.charCodeAt(end) !== 9) end++;
  const text = s.slice(i, end);
  if (text.includes('?') || text.includes(',')) return fail('a URI with ? or , must be enclosed in <>');
  const uri = parseUri(text);
  if (!uri.ok) return uri;
  return finish(s, end, undefined, uri.value);
}

function finish(s: string, i: number, displayName: string | undefined, uri: Uri): Result<NameAddr> {
  const p = parseParams(s, i);
  if (!p.ok) return p;
  if (skipWs(s, p.value.end) !== s.length) return fail('unexpected text after the address');
  const out: NameAddr = { uri, params: p.value.params };
  if (displayName !== undefined) out.displayName = displayName;
  return ok(out);
}

/** Writes the name-addr form (`"Display" <uri>;params`), which is always safe. */
export function formatNameAddr(n: NameAddr): string {
  const display = n.displayName === undefined ? '' : quote(n.displayName) + ' ';
  return `${display}<${formatUri(n.uri)}>${formatParams(n.params)}`;
}

/** The tag parameter (RFC 3261 §19.3), or undefined. */
export function tagOf(n: NameAddr): string | undefined {
  return n.params.get('tag') ?? undefined;
}

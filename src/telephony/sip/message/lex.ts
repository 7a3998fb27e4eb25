// Character classes and small scanners over header text (already unfolded, so only SP/HT are whitespace).
// Table lookups and indexOf, no regular expressions: linear time on any input.

function table(chars: string, alnum: boolean): Uint8Array {
  const t = new Uint8Array(128);
  if (alnum) for (let c = 0; c < 128; c++) if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) t[c] = 1;
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
}

/** RFC 3261 §25.1 token. */
export const TOKEN = table("-.!%*_+`'~", true);
/** A generic-param value: token or host (IPv6 references bring [ ] and :). */
export const PARAM_VALUE = table("-.!%*_+`'~[]:", true);

export function isIn(t: Uint8Array, c: number): boolean {
  return c < 128 && t[c] === 1;
}

export function isWs(c: number): boolean {
  return c === 32 || c === 9;
}

export function skipWs(s: string, i: number): number {
  while (i < s.length && isWs(s.charCodeAt(i))) i++;
  return i;
}

/** End of the run of `t` characters starting at `i`. */
export function scan(s: string, i: number, t: Uint8Array): number {
  while (i < s.length && isIn(t, s.charCodeAt(i))) i++;
  return i;
}

export function isToken(s: string): boolean {
  return s.length > 0 && scan(s, 0, TOKEN) === s.length;
}

/** Reads a quoted-string at `i` (which holds the opening DQUOTE), undoing quoted-pairs (§25.1). */
export function readQuoted(s: string, i: number): { value: string; end: number } | undefined {
  let value = '';
  let from = i + 1;
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 34) return { value: value + s.slice(from, j), end: j + 1 };
    if (c === 92) {
      if (j + 1 >= s.length) return undefined;
      value += s.slice(from, j) + s[j + 1];
      j++;
      from = j + 1;
    }
  }
  return undefined;
}

/** Quotes `v` as a quoted-string, escaping DQUOTE and backslash. */
export function quote(v: string): string {
  let out = '"';
  for (const ch of v) out += ch === '"' || ch === '\\' ? '\\' + ch : ch;
  return out + '"';
}

/**
 * Splits a header value at the commas that separate list elements: not inside a quoted string or
 * <...> (RFC 3261 §7.3.1). Elements are trimmed; empty elements are kept so callers can reject them.
 */
export function splitList(s: string): string[] {
  const out: string[] = [];
  let from = 0;
  let angle = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) {
      const q = readQuoted(s, i);
      if (q === undefined) break;
      i = q.end - 1;
    } else if (c === 60) angle = true;
    else if (c === 62) angle = false;
    else if (c === 44 && !angle) {
      out.push(s.slice(from, i).trim());
      from = i + 1;
    }
  }
  out.push(s.slice(from).trim());
  return out;
}

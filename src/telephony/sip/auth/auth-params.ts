/**
 * Splits a WWW-Authenticate / Proxy-Authenticate / Authorization value into challenges or
 * credentials: a scheme followed by comma-separated `name=token` or `name="quoted-string"`
 * (RFC 3261 §25.1 auth-param, RFC 7235 §2.1). It is tolerant (any spacing, folded lines,
 * several challenges in one value, stray commas) and never throws: junk is skipped.
 */
export interface AuthItem {
  scheme: string;
  /** Parameter names lower-cased (they are case-insensitive); values unquoted and unescaped. The first of duplicates wins. */
  params: Map<string, string>;
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

function isDelimiter(c: string): boolean {
  return isSpace(c) || c === ',' || c === '=' || c === '"';
}

export function parseAuthItems(value: string): AuthItem[] {
  const items: AuthItem[] = [];
  let current: AuthItem | undefined;
  let i = 0;
  const n = value.length;
  const skipSpace = () => {
    while (i < n && isSpace(value[i]!)) i++;
  };
  const readToken = () => {
    const from = i;
    while (i < n && !isDelimiter(value[i]!)) i++;
    return value.slice(from, i);
  };
  const readQuoted = () => {
    i++; // opening quote
    let out = '';
    while (i < n && value[i] !== '"') {
      if (value[i] === '\\' && i + 1 < n) i++; // quoted-pair
      out += value[i];
      i++;
    }
    i++; // closing quote, or past the end when unterminated
    return out;
  };
  while (i < n) {
    skipSpace();
    if (i >= n) break;
    const c = value[i]!;
    if (c === ',') {
      i++;
      continue;
    }
    if (c === '"') {
      readQuoted(); // a value where a name belongs: drop it
      continue;
    }
    if (c === '=') {
      i++;
      continue;
    }
    const token = readToken();
    skipSpace();
    if (value[i] !== '=') {
      current = { scheme: token, params: new Map() };
      items.push(current);
      continue;
    }
    i++;
    skipSpace();
    const paramValue = value[i] === '"' ? readQuoted() : readToken();
    const name = token.toLowerCase();
    if (current && !current.params.has(name)) current.params.set(name, paramValue);
  }
  return items;
}

/** A quoted-string for a header value: quotes and backslashes escaped (RFC 3261 §25.1). */
export function quote(text: string): string {
  return `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

import { HEADER_CHARS, PARAM_CHARS, PASSWORD_CHARS, USER_CHARS, escapeComponent, unescapeComponent } from './uri-escape.ts';
import { fail, ok, type Result } from './result.ts';
import { parseHost } from './host.ts';

/** URI parameters (RFC 3261 §19.1.1): names lower-cased, values %-decoded byte strings, null = no value. */
export type UriParams = Map<string, string | null>;

/** sip: / sips: URI (RFC 3261 §19.1). user/password/params/headers are %-decoded byte strings. */
export interface SipUri {
  readonly kind: 'sip';
  scheme: 'sip' | 'sips';
  user?: string;
  password?: string;
  /** hostname, IPv4 address, or IPv6 reference with its brackets. */
  host: string;
  port?: number;
  params: UriParams;
  headers: Map<string, string>;
}

/** tel: URI (RFC 3966): the subscriber number as written, and its parameters. */
export interface TelUri {
  readonly kind: 'tel';
  scheme: 'tel';
  number: string;
  params: UriParams;
}

/** Any other absoluteURI (RFC 3261 §25.1), kept opaque. */
export interface AbsoluteUri {
  readonly kind: 'absolute';
  /** lower-cased */
  scheme: string;
  opaque: string;
}

export type Uri = SipUri | TelUri | AbsoluteUri;

function isSchemeChar(c: number, first: boolean): boolean {
  const alpha = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return first ? alpha : alpha || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
}

// Characters no absoluteURI may hold unescaped: controls, space, DQUOTE, < >, and anything non-ASCII.
function isOpaqueChar(c: number): boolean {
  return c > 32 && c < 127 && c !== 34 && c !== 60 && c !== 62;
}

/** Parses a URI: sip/sips and tel structurally, any other scheme as an opaque absoluteURI. */
export function parseUri(text: string): Result<Uri> {
  const colon = text.indexOf(':');
  if (colon <= 0) return fail('URI has no scheme');
  for (let i = 0; i < colon; i++) if (!isSchemeChar(text.charCodeAt(i), i === 0)) return fail('URI scheme is not valid');
  for (let i = colon + 1; i < text.length; i++)
    if (!isOpaqueChar(text.charCodeAt(i))) return fail('URI holds a character that must be escaped');
  if (colon + 1 >= text.length) return fail('URI is empty after its scheme');
  const scheme = text.slice(0, colon).toLowerCase();
  if (scheme === 'sip' || scheme === 'sips') return parseSipUri(text, colon + 1, scheme);
  if (scheme === 'tel') return parseTelUri(text, colon + 1);
  return ok({ kind: 'absolute', scheme, opaque: text.slice(colon + 1) });
}

function parseSipUri(s: string, start: number, scheme: 'sip' | 'sips'): Result<Uri> {
  const uri: SipUri = { kind: 'sip', scheme, host: '', params: new Map(), headers: new Map() };
  let i = start;
  const at = s.indexOf('@', start); // '@' cannot appear unescaped after the userinfo (§25.1)
  if (at >= 0) {
    const colon = s.indexOf(':', start);
    const userEnd = colon >= 0 && colon < at ? colon : at;
    if (userEnd === start) return fail('SIP URI has an empty user');
    const user = unescapeComponent(s, start, userEnd, USER_CHARS);
    if (user === undefined) return fail('SIP URI user holds an invalid character or escape');
    uri.user = user;
    if (userEnd < at) {
      const password = unescapeComponent(s, userEnd + 1, at, PASSWORD_CHARS);
      if (password === undefined) return fail('SIP URI password holds an invalid character or escape');
      uri.password = password;
    }
    i = at + 1;
  }
  let hostEnd = i;
  while (hostEnd < s.length && s.charCodeAt(hostEnd) !== 59 && s.charCodeAt(hostEnd) !== 63) hostEnd++;
  const host = parseHost(s, i, hostEnd);
  if (!host.ok) return host;
  uri.host = host.value.host;
  if (host.value.port !== undefined) uri.port = host.value.port;
  i = hostEnd;
  while (i < s.length && s.charCodeAt(i) === 59) {
    let end = i + 1;
    while (end < s.length && s.charCodeAt(end) !== 59 && s.charCodeAt(end) !== 63) end++;
    const p = parseUriParam(s, i + 1, end);
    if (!p.ok) return p;
    uri.params.set(p.value[0], p.value[1]);
    i = end;
  }
  if (i < s.length) {
    // s[i] is '?': hname "=" hvalue *( "&" hname "=" hvalue )
    for (let from = i + 1; from <= s.length;) {
      let end = s.indexOf('&', from);
      if (end < 0) end = s.length;
      const eq = s.indexOf('=', from);
      if (eq < 0 || eq >= end || eq === from) return fail('SIP URI header is not name=value');
      const name = unescapeComponent(s, from, eq, HEADER_CHARS);
      const value = unescapeComponent(s, eq + 1, end, HEADER_CHARS);
      if (name === undefined || value === undefined) return fail('SIP URI header holds an invalid character or escape');
      uri.headers.set(name, value);
      from = end + 1;
    }
  }
  return ok(uri);
}

function parseUriParam(s: string, from: number, to: number): Result<[string, string | null]> {
  let nameEnd = from; // bounded search: an unbounded indexOf would make many bare params quadratic
  while (nameEnd < to && s.charCodeAt(nameEnd) !== 61) nameEnd++;
  const name = unescapeComponent(s, from, nameEnd, PARAM_CHARS);
  if (name === undefined || name.length === 0) return fail('URI parameter name is empty or not valid');
  if (nameEnd === to) return ok([name.toLowerCase(), null]);
  const value = unescapeComponent(s, nameEnd + 1, to, PARAM_CHARS);
  if (value === undefined || value.length === 0) return fail(`URI parameter ${name} has an empty or invalid value`);
  return ok([name.toLowerCase(), value]);
}

function parseTelUri(s: string, start: number): Result<Uri> {
  let end = s.indexOf(';', start);
  if (end < 0) end = s.length;
  if (end === start) return fail('tel URI has no number');
  const uri: TelUri = { kind: 'tel', scheme: 'tel', number: s.slice(start, end), params: new Map() };
  for (let i = end; i < s.length;) {
    let next = s.indexOf(';', i + 1);
    if (next < 0) next = s.length;
    const p = parseUriParam(s, i + 1, next);
    if (!p.ok) return p;
    uri.params.set(p.value[0], p.value[1]);
    i = next;
  }
  return ok(uri);
}

/** Writes a URI back as text, escaping what its component may not hold bare. */
export function formatUri(u: Uri): string {
  if (u.kind === 'absolute') return `${u.scheme}:${u.opaque}`;
  let out = u.scheme + ':';
  if (u.kind === 'tel') out += u.number;
  else {
    if (u.user !== undefined) {
      out += escapeComponent(u.user, USER_CHARS);
      if (u.password !== undefined) out += ':' + escapeComponent(u.password, PASSWORD_CHARS);
      out += '@';
    }
    out += u.host;
    if (u.port !== undefined) out += ':' + u.port;
  }
  for (const [name, value] of u.params) {
    out += ';' + escapeComponent(name, PARAM_CHARS);
    if (value !== null) out += '=' + escapeComponent(value, PARAM_CHARS);
  }
  if (u.kind === 'sip' && u.headers.size > 0) {
    let sep = '?';
    for (const [name, value] of u.headers) {
      out += sep + escapeComponent(name, HEADER_CHARS) + '=' + escapeComponent(value, HEADER_CHARS);
      sep = '&';
    }
  }
  return out;
}

import type { SipUri, TelUri, Uri, UriParams } from './uri.ts';

// RFC 3261 §19.1.4: these parameters must match if either URI has them; other parameters only if both have them.
const MUST_MATCH = ['user', 'ttl', 'method', 'maddr', 'transport'];

function same(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  return a.toLowerCase() === b.toLowerCase();
}

function sipEquals(a: SipUri, b: SipUri): boolean {
  if (a.scheme !== b.scheme) return false;
  // userinfo is case-sensitive; components are compared decoded (they are stored decoded).
  if (a.user !== b.user || a.password !== b.password) return false;
  if (a.host.toLowerCase() !== b.host.toLowerCase()) return false;
  // A URI omitting a component with a default value does not match one that spells it out.
  if (a.port !== b.port) return false;
  for (const name of MUST_MATCH) if (!same(a.params.get(name), b.params.get(name))) return false;
  for (const [name, value] of a.params) if (b.params.has(name) && !same(value, b.params.get(name))) return false;
  // Header components are never ignored: every one must be in both and match.
  if (a.headers.size !== b.headers.size) return false;
  const other = new Map<string, string>();
  for (const [n, v] of b.headers) other.set(n.toLowerCase(), v);
  for (const [n, v] of a.headers) if (!same(other.get(n.toLowerCase()), v)) return false;
  return true;
}

// RFC 3966 §4: visual separators do not count; parameters must all match.
function telEquals(a: TelUri, b: TelUri): boolean {
  const strip = (n: string): string => n.replace(/[-.()]/g, '').toLowerCase();
  if (strip(a.number) !== strip(b.number)) return false;
  return paramsEqual(a.params, b.params);
}

function paramsEqual(a: UriParams, b: UriParams): boolean {
  if (a.size !== b.size) return false;
  for (const [name, value] of a) if (!b.has(name) || !same(value, b.get(name))) return false;
  return true;
}

/** The URI comparison of RFC 3261 §19.1.4 (sip/sips), RFC 3966 §4 (tel); other schemes compare as text with a case-insensitive scheme. */
export function uriEquals(a: Uri, b: Uri): boolean {
  if (a.kind === 'sip' && b.kind === 'sip') return sipEquals(a, b);
  if (a.kind === 'tel' && b.kind === 'tel') return telEquals(a, b);
  if (a.kind === 'absolute' && b.kind === 'absolute') return a.scheme === b.scheme && a.opaque === b.opaque;
  return false;
}

import { headerOf, type HttpRequestView } from './request-view.ts';

/** `example.com:8080` -> `example.com`, `[::1]:8080` -> `[::1]`; a host without a port is returned as is. */
export function hostWithoutPort(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end < 0 ? host : host.slice(0, end + 1);
  }
  const colon = host.indexOf(':');
  return colon >= 0 && colon === host.lastIndexOf(':') ? host.slice(0, colon) : host;
}

/**
 * The CanonicalHeaders a client may have signed (TC3 signature v3 doc, step 1), most likely first:
 * the official SDKs sign the host without its port and values as sent; others sign host:port.
 * (The doc's lowercased values are tried by the caller only if these fail.)
 * `undefined` when a signed header is absent from the request: nothing can match.
 */
export function canonicalHeaderCandidates(req: HttpRequestView, signedHeaders: readonly string[]): string[] | undefined {
  const host = (headerOf(req, 'host') ?? '').trim();
  const bare = hostWithoutPort(host);
  let withBare = '';
  let withPort = '';
  for (const name of signedHeaders) {
    if (name === 'host') {
      withBare += `host:${bare}\n`;
      withPort += `host:${host}\n`;
      continue;
    }
    const value = headerOf(req, name);
    if (value === undefined) return undefined;
    const line = `${name}:${value.trim()}\n`;
    withBare += line;
    withPort += line;
  }
  return withPort === withBare ? [withBare] : [withBare, withPort];
}

/** TC3 signature v3 doc, step 1: the canonical request, given one CanonicalHeaders candidate. */
export function tc3CanonicalRequest(
  method: string,
  path: string,
  rawQuery: string,
  canonicalHeaders: string,
  signedHeaders: string,
  payloadHash: string,
): string {
  return `${method}\n${path}\n${rawQuery}\n${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`;
}

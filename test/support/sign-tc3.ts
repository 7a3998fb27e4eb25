// Client-side signer for tests and bench/ only: the server verifies signatures, it never makes them.
import { hostWithoutPort, tc3CanonicalRequest } from '../../src/gateway/auth/tc3-canonical.ts';
import {
  EMPTY_SHA256,
  TC3_ALGORITHM,
  sha256Hex,
  tc3Signature,
  tc3SigningKey,
  tc3StringToSign,
  utcDate,
} from '../../src/gateway/auth/tc3-crypto.ts';

export interface SignTc3Options {
  secretId: string;
  secretKey: string;
  /** The Host header, port included (`127.0.0.1:8080`). */
  host: string;
  /** The credential scope's service; the official SDK uses the endpoint's first DNS label. */
  service: string;
  action: string;
  version: string;
  timestampSec: number;
  /** The exact POST body; ignored for GET, whose payload is empty. */
  body?: string;
  /** Defaults as the SDK's: application/json for POST, application/x-www-form-urlencoded for GET. */
  contentType?: string;
  region?: string;
  method?: 'POST' | 'GET';
  /** The raw query string (without "?"), for GET. */
  query?: string;
  path?: string;
  /** Sign `host:port` rather than the bare host name (some clients do). */
  signHostWithPort?: boolean;
}

/**
 * Our own TC3-HMAC-SHA256 signer, built from the TC3 signature v3 doc and checked byte for byte
 * against the official SDK: returns every header to send, Authorization included.
 */
export function signTc3(o: SignTc3Options): Record<string, string> {
  const method = o.method ?? 'POST';
  const contentType = o.contentType ?? (method === 'GET' ? 'application/x-www-form-urlencoded' : 'application/json');
  const signedHost = o.signHostWithPort ? o.host : hostWithoutPort(o.host);
  const canonical = tc3CanonicalRequest(
    method,
    o.path ?? '/',
    o.query ?? '',
    `content-type:${contentType}\nhost:${signedHost}\n`,
    'content-type;host',
    method === 'GET' ? EMPTY_SHA256 : sha256Hex(o.body ?? ''),
  );
  const date = utcDate(o.timestampSec);
  const scope = `${date}/${o.service}/tc3_request`;
  const signature = tc3Signature(tc3SigningKey(o.secretKey, date, o.service), tc3StringToSign(o.timestampSec, scope, canonical));
  const headers: Record<string, string> = {
    Authorization: `${TC3_ALGORITHM} Credential=${o.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`,
    'Content-Type': contentType,
    Host: o.host,
    'X-TC-Action': o.action,
    'X-TC-Version': o.version,
    'X-TC-Timestamp': String(o.timestampSec),
  };
  if (o.region !== undefined) headers['X-TC-Region'] = o.region;
  return headers;
}

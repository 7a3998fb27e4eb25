import { ERRORS, type ErrorCode } from '../../shared/errors.ts';

/** What the verifiers need from an HTTP request: the bytes and headers exactly as they arrived. */
export interface HttpRequestView {
  method: string;
  /** The request path without the query, as sent (API 3.0 uses "/"). */
  path: string;
  /** Everything after "?", undecoded: TC3 signs it verbatim. */
  rawQuery: string;
  /** Lowercased names, as Node delivers them. */
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export type AuthScheme = 'TC3-HMAC-SHA256' | 'HmacSHA1' | 'HmacSHA256';

export type AuthResult =
  | { ok: true; secretId: string; timestampSec: number; signature: string; scheme: AuthScheme }
  | { ok: false; code: ErrorCode; message: string };

export type SecretKeyLookup = (secretId: string) => string | undefined;

export function denied(code: ErrorCode, message: string = ERRORS[code].message): AuthResult {
  return { ok: false, code, message };
}

/** A header as one string; anything else (absent, or an array from a misbehaving proxy) is absent. */
export function headerOf(req: HttpRequestView, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}

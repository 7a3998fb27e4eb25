import { safeEqual } from './safe-equal.ts';
import { denied, headerOf, type AuthResult, type HttpRequestView, type SecretKeyLookup } from './request-view.ts';
import { parseTc3Authorization } from './tc3-authorization.ts';
import { canonicalHeaderCandidates, tc3CanonicalRequest } from './tc3-canonical.ts';
import { EMPTY_SHA256, sha256Hex, tc3Signature, tc3SigningKey, tc3StringToSign, utcDate } from './tc3-crypto.ts';
import { checkTimestamp } from './timestamp.ts';

export type { AuthResult, AuthScheme, HttpRequestView, SecretKeyLookup } from './request-view.ts';

/**
 * Verifies a TC3-HMAC-SHA256 request (Tencent Cloud API 3.0 "Signature v3"). The service, date and
 * signed header list come from the client's own credential scope, so the request verifies whatever
 * host or port it reached us by, as long as the bytes are the ones the client signed.
 * Never throws: every failure is an AuthResult carrying the common error code Tencent Cloud uses.
 */
export function verifyTc3(req: HttpRequestView, secretKeyFor: SecretKeyLookup, nowSec: number, windowSec: number): AuthResult {
  const auth = parseTc3Authorization(headerOf(req, 'authorization') ?? '');
  if (!auth)
    return denied(
      'AuthFailure.InvalidAuthorization',
      'The Authorization header is not of the form `TC3-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.',
    );
  const ts = checkTimestamp(headerOf(req, 'x-tc-timestamp'), 'X-TC-Timestamp', nowSec, windowSec);
  if (typeof ts !== 'number') return ts;
  if (auth.date !== utcDate(ts)) {
    return denied(
      'AuthFailure.InvalidAuthorization',
      `The credential scope date ${auth.date} is not the UTC date of X-TC-Timestamp (${utcDate(ts)}).`,
    );
  }
  if (!auth.signedHeaders.includes('host') || !auth.signedHeaders.includes('content-type')) {
    return denied('AuthFailure.InvalidAuthorization', 'SignedHeaders must include at least `content-type` and `host`.');
  }
  if (headerOf(req, 'x-tc-token') !== undefined) {
    return denied(
      'AuthFailure.TokenFailure',
      'Temporary credentials (X-TC-Token) are not issued by this server; sign with a permanent SecretId.',
    );
  }
  const secretKey = secretKeyFor(auth.secretId);
  if (secretKey === undefined) return denied('AuthFailure.SecretIdNotFound');

  const candidates = canonicalHeaderCandidates(req, auth.signedHeaders);
  if (candidates) {
    // TC3 signature v3 doc, step 1: GET carries no payload; its hash is that of the empty string.
    const payloadHash = req.method === 'GET' ? EMPTY_SHA256 : sha256Hex(req.body);
    const scope = `${auth.date}/${auth.service}/tc3_request`;
    const key = tc3SigningKey(secretKey, auth.date, auth.service);
    const matches = (headers: string) =>
      safeEqual(
        tc3Signature(
          key,
          tc3StringToSign(ts, scope, tc3CanonicalRequest(req.method, req.path, req.rawQuery, headers, auth.signedHeadersRaw, payloadHash)),
        ),
        auth.signature,
      );
    // The doc's own example lowercases header values (`x-tc-action:describeinstances`): tried last,
    // so the SDKs' as-sent form costs no extra work.
    if (
      candidates.some(matches) ||
      candidates.some((c) => {
        const lower = c.toLowerCase();
        return lower !== c && matches(lower);
      })
    ) {
      return { ok: true, secretId: auth.secretId, timestampSec: ts, signature: auth.signature, scheme: 'TC3-HMAC-SHA256' };
    }
  }
  return denied('AuthFailure.SignatureFailure');
}

import { safeEqual } from './safe-equal.ts';
import { denied, headerOf, type AuthResult, type HttpRequestView, type SecretKeyLookup } from './request-view.ts';
import { hostWithoutPort } from './tc3-canonical.ts';
import { checkTimestamp } from './timestamp.ts';
import { isV1Method, v1Signature, v1StringToSign } from './v1-string-to-sign.ts';

function missing(name: string): AuthResult {
  return denied('MissingParameter', `The request is missing a required parameter \`${name}\`.`);
}

/**
 * Verifies a signature v1 request (HmacSHA1 / HmacSHA256): `params` are all the decoded query (GET)
 * or form (POST) parameters, Signature included. Never throws.
 */
export function verifyV1(
  req: HttpRequestView,
  params: Record<string, string>,
  secretKeyFor: SecretKeyLookup,
  nowSec: number,
  windowSec: number,
): AuthResult {
  const secretId = params.SecretId;
  const signature = params.Signature;
  if (secretId === undefined || secretId === '') return missing('SecretId');
  if (signature === undefined || signature === '') return missing('Signature');
  const nonce = params.Nonce;
  if (nonce === undefined || nonce === '') return missing('Nonce');
  if (!/^\d{1,20}$/.test(nonce)) return denied('InvalidParameter', 'The parameter `Nonce` must be a positive integer.');
  const method = params.SignatureMethod ?? 'HmacSHA1';
  // An unknown method is a well-formed request we do not support, not a wrong key: UnsupportedOperation
  // (as the registry documents) tells the caller what to change, where SignatureFailure would mislead.
  if (!isV1Method(method))
    return denied('UnsupportedOperation', `SignatureMethod \`${method}\` is not supported; use HmacSHA1 or HmacSHA256.`);
  const ts = checkTimestamp(params.Timestamp, 'Timestamp', nowSec, windowSec);
  if (typeof ts !== 'number') return ts;
  if (params.Token !== undefined) {
    return denied(
      'AuthFailure.TokenFailure',
      'Temporary credentials (Token) are not issued by this server; sign with a permanent SecretId.',
    );
  }
  const secretKey = secretKeyFor(secretId);
  if (secretKey === undefined) return denied('AuthFailure.SecretIdNotFound');

  // The official SDK signs its endpoint, port included, which is the Host header as sent; other
  // clients sign the bare host name, so that is tried second.
  const host = (headerOf(req, 'host') ?? '').trim();
  const hosts = hostWithoutPort(host) === host ? [host] : [host, hostWithoutPort(host)];
  for (const h of hosts) {
    if (safeEqual(v1Signature(secretKey, v1StringToSign(req.method, h, req.path, params), method), signature)) {
      return { ok: true, secretId, timestampSec: ts, signature, scheme: method };
    }
  }
  return denied('AuthFailure.SignatureFailure');
}

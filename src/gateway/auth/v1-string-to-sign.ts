import { createHmac } from 'node:crypto';

export type V1Method = 'HmacSHA1' | 'HmacSHA256';

const ALGORITHMS: Record<V1Method, string> = { HmacSHA1: 'sha1', HmacSHA256: 'sha256' };

export function isV1Method(m: string): m is V1Method {
  return m === 'HmacSHA1' || m === 'HmacSHA256';
}

/**
 * Signature v1 doc: METHOD + host + path + "?" + every parameter but Signature, sorted by name,
 * as `name=value` joined by "&", values as decoded (not URL-encoded). The sort is JavaScript's
 * default code-unit order, exactly as the official SDK's formatSignString sorts.
 */
export function v1StringToSign(method: string, host: string, path: string, params: Record<string, string>): string {
  const names = Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort();
  let query = '';
  for (const name of names) query += `${query ? '&' : ''}${name}=${params[name]}`;
  return `${method}${host}${path}?${query}`;
}

/** base64(HMAC(secretKey, stringToSign)) with the method's hash. */
export function v1Signature(secretKey: string, stringToSign: string, method: V1Method): string {
  return createHmac(ALGORITHMS[method], secretKey).update(stringToSign, 'utf8').digest('base64');
}

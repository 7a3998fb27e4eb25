import { createHash, createHmac } from 'node:crypto';

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export const EMPTY_SHA256 = sha256Hex('');

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

let lastDay = NaN;
let lastDate = '';

/** The UTC date (YYYY-MM-DD) of a Unix time: the credential scope's date (TC3 signature v3 doc, step 2). */
export function utcDate(timestampSec: number): string {
  const day = Math.floor(timestampSec / 86400);
  if (day !== lastDay) {
    lastDay = day;
    lastDate = new Date(day * 86400_000).toISOString().slice(0, 10);
  }
  return lastDate;
}

/** TC3 signature v3 doc, step 2: the string to sign over the hashed canonical request. */
export function tc3StringToSign(timestampSec: number, scope: string, canonicalRequest: string): string {
  return `${TC3_ALGORITHM}\n${timestampSec}\n${scope}\n${sha256Hex(canonicalRequest)}`;
}

const KEY_CACHE_MAX = 256;
const keyCache = new Map<string, Buffer>();

/**
 * TC3 signature v3 doc, step 3: SecretSigning = HMAC(HMAC(HMAC("TC3"+key, date), service), "tc3_request").
 * It only changes per (key, day, service), so it is cached in a small bounded map (oldest out first)
 * instead of running three HMACs on every request.
 */
export function tc3SigningKey(secretKey: string, date: string, service: string): Buffer {
  const id = `${date}\n${service}\n${secretKey}`;
  const hit = keyCache.get(id);
  if (hit) return hit;
  const key = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.delete(keyCache.keys().next().value!);
  keyCache.set(id, key);
  return key;
}

export function tc3Signature(signingKey: Buffer, stringToSign: string): string {
  return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
}

/** For tests: how many derived keys are cached. */
export function tc3SigningKeyCacheSize(): number {
  return keyCache.size;
}

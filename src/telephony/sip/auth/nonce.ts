import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Stateless server nonces: the issue time and an HMAC over it and the realm, so any node
 * holding the secret can check one without storing it, and nonces expire (RFC 7616 §3.3
 * suggests time-stamp ":" H(time-stamp ":" ETag ":" secret)). Time is an argument.
 */
const TIME_BYTES = 8;
const MAC_BYTES = 16;
/** Nodes sharing a secret may disagree on the time by this much. */
export const MAX_CLOCK_SKEW_MS = 5_000;

function mac(secret: string | Uint8Array, realm: string, time: Buffer): Buffer {
  return createHmac('sha256', secret).update(time).update(realm).digest().subarray(0, MAC_BYTES);
}

export function createNonce(secret: string | Uint8Array, realm: string, now: number): string {
  const time = Buffer.alloc(TIME_BYTES);
  time.writeBigUInt64BE(BigInt(Math.max(0, Math.floor(now))));
  return Buffer.concat([time, mac(secret, realm, time)]).toString('base64url');
}

export type NonceCheck = { state: 'fresh'; issuedAt: number } | { state: 'expired'; issuedAt: number } | { state: 'forged' };

export function checkNonce(nonce: string, secret: string | Uint8Array, realm: string, now: number, maxAgeMs: number): NonceCheck {
  const raw = Buffer.from(nonce, 'base64url');
  // Re-encoding must give the same text, so no two strings pass for one nonce.
  if (raw.length !== TIME_BYTES + MAC_BYTES || raw.toString('base64url') !== nonce) return { state: 'forged' };
  const time = raw.subarray(0, TIME_BYTES);
  if (!timingSafeEqual(raw.subarray(TIME_BYTES), mac(secret, realm, time))) return { state: 'forged' };
  const issuedAt = Number(time.readBigUInt64BE());
  if (issuedAt > now + MAX_CLOCK_SKEW_MS) return { state: 'forged' };
  return now - issuedAt > maxAgeMs ? { state: 'expired', issuedAt } : { state: 'fresh', issuedAt };
}

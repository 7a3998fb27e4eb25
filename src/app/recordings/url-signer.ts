import { createHmac, timingSafeEqual } from 'node:crypto';

/** A RecordId: 32 lowercase hex digits, random. Anything else never names a recording. */
export const RECORDING_ID = /^[0-9a-f]{32}$/;
const SIGNATURE = /^[0-9a-f]{64}$/;
const EXPIRES = /^[0-9]{1,12}$/;

export type UrlCheck = { ok: true } | { ok: false; reason: 'unsigned' | 'badSignature' | 'expired' };

/**
 * Signs and checks recording URLs: `signature` = hex HMAC-SHA256 over the id and the expiry
 * (Unix seconds), both in the query, so a URL cannot be guessed, altered or used after it expires,
 * and no API credential is needed to fetch it.
 */
export class UrlSigner {
  constructor(private readonly key: Buffer) {}

  sign(recordingId: string, expiresS: number): string {
    // The separator keeps (id, expiry) pairs from colliding as concatenated strings.
    return createHmac('sha256', this.key).update(`${recordingId}\n${expiresS}`).digest('hex');
  }

  /** The signature is compared in constant time, before the expiry is looked at. */
  check(recordingId: string, expires: unknown, signature: unknown, nowMs: number): UrlCheck {
    if (typeof expires !== 'string' || typeof signature !== 'string') return { ok: false, reason: 'unsigned' };
    if (!RECORDING_ID.test(recordingId) || !EXPIRES.test(expires) || !SIGNATURE.test(signature))
      return { ok: false, reason: 'badSignature' };
    const expected = Buffer.from(this.sign(recordingId, Number(expires)), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return { ok: false, reason: 'badSignature' };
    if (nowMs >= Number(expires) * 1000) return { ok: false, reason: 'expired' };
    return { ok: true };
  }
}

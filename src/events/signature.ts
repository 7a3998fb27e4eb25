import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * openccc's webhook signature (TCCC signs nothing; its receivers ignore the header): HMAC-SHA256
 * of `${timestamp}.${body}` with the webhook's secret, sent as `t=<unix seconds>,v1=<hex>`. The
 * timestamp inside the signed text lets a receiver refuse replays of old deliveries.
 */
export const SIGNATURE_HEADER = 'X-Openccc-Signature';

export function signatureOf(secret: string, timestampS: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampS}.${body}`).digest('hex');
}

export function signatureHeader(secret: string, timestampS: number, body: string): string {
  return `t=${timestampS},v1=${signatureOf(secret, timestampS, body)}`;
}

/** True when `header` signs `body` with `secret` within `toleranceS` of `nowS` (docs/events.md has the receiver's copy). */
export function verifySignature(header: string, body: string, secret: string, nowS: number, toleranceS = 300): boolean {
  const parts = new Map(header.split(',').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as const));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(nowS - t) > toleranceS) return false;
  const expected = Buffer.from(signatureOf(secret, t, body), 'hex');
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

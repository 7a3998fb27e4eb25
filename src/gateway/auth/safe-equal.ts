import { timingSafeEqual } from 'node:crypto';

/** Compares a computed signature with a received one without leaking where they differ. */
export function safeEqual(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  // Lengths are public (the expected length is fixed per scheme); only the content must not leak.
  return a.length === b.length && timingSafeEqual(a, b);
}

import { randomBytes, randomUUID } from 'node:crypto';

/** RequestId as Tencent Cloud returns it: a lowercase UUID with dashes. */
export function newRequestId(): string {
  return randomUUID();
}

/**
 * SessionId as TCCC returns it: 32 lowercase hex digits (a UUID without dashes). Laid out as a
 * UUIDv7 (RFC 9562 §5.7: 48-bit Unix ms, then 74 random bits) so ids sort by creation: every
 * table keyed or indexed by session id then grows at its right edge, and a commit's new rows share
 * a few pages instead of dirtying one random page each (measured on bench/write-path.ts: WAL
 * bytes per commit, see the commit that made this change). Still unguessable: 74 random bits.
 */
export function newSessionId(nowMs: number = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(nowMs, 0, 6);
  b[6] = 0x70 | (b[6]! & 0x0f); // version 7
  b[8] = 0x80 | (b[8]! & 0x3f); // variant 10
  return b.toString('hex');
}

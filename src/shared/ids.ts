import { randomUUID } from 'node:crypto';

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
  // randomUUID's bytes (v4: 122 random bits) from Node's cached entropy pool: randomBytes(16) per
  // id cost 2 % of CreateIVRSession's CPU on bench/write-path.ts. Its first 12 hex digits become the
  // time, its version digit a 7; its variant bits (10) are already right, and 74 random bits remain.
  const r = randomUUID();
  return `${nowMs.toString(16).padStart(12, '0')}7${r.slice(15, 18)}${r.slice(19, 23)}${r.slice(24)}`;
}

import { randomBytes } from 'node:crypto';
import { BRANCH_COOKIE } from './via.ts';

/** Returns `n` random octets. Injected so tests get repeatable ids; production passes `cryptoRandom`. */
export type RandomSource = (n: number) => Uint8Array;

export const cryptoRandom: RandomSource = (n) => randomBytes(n);

// base32 (RFC 4648 lower-case alphabet): only token characters, 5 bits a character.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

function encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(acc << (5 - bits)) & 31];
  return out;
}

/** A Via branch: the RFC 3261 magic cookie plus 80 random bits (§8.1.1.7: unique across space and time). */
export function newBranch(random: RandomSource): string {
  return BRANCH_COOKIE + encode(random(10));
}

/** A From/To tag (§19.3: at least 32 random bits; we use 64). */
export function newTag(random: RandomSource): string {
  return encode(random(8));
}

/** A Call-ID (§8.1.1.4): 120 random bits, `@host` appended when given. */
export function newCallId(random: RandomSource, host?: string): string {
  const id = encode(random(15));
  return host === undefined ? id : `${id}@${host}`;
}

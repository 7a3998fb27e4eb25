import type { RandomSource } from '../message/index.ts';

/** A uniform-enough integer in [0, n) from 32 random bits (bias below 2^-20 for the small n used here). */
export function randomInt(random: RandomSource, n: number): number {
  const b = random(4);
  const u = (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0;
  return u % n;
}

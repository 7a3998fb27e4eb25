/**
 * Modular arithmetic on RTP sequence numbers (16 bits) and timestamps (32 bits), RFC 3550 §5.1 and
 * A.1: comparisons take the shorter way round the circle, so 0 is newer than 65535.
 */

/** Signed distance a − b on the 16-bit circle, in [−32768, 32767]. */
export function seqDiff(a: number, b: number): number {
  return (((a - b) & 0xffff) << 16) >> 16;
}

/** True when `a` comes after `b` (within half the sequence space). */
export function seqNewer(a: number, b: number): boolean {
  return seqDiff(a, b) > 0;
}

export function seqAdd(a: number, n: number): number {
  return (a + n) & 0xffff;
}

/** Signed distance a − b on the 32-bit timestamp circle. */
export function tsDiff(a: number, b: number): number {
  return (a - b) | 0;
}

export function tsNewer(a: number, b: number): boolean {
  return tsDiff(a, b) > 0;
}

export function tsAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

/**
 * Extends 16-bit sequence numbers to a monotonic count of cycles · 65536 + seq (RFC 3550 A.1 "extended
 * sequence number"), relative to the newest number seen, so old packets map below it and wraps count up.
 */
export class SequenceExtender {
  private highest = -1;

  /** The extended value of `seq`; advances the reference when `seq` is newer. */
  extend(seq: number): number {
    seq &= 0xffff;
    if (this.highest < 0) {
      // Start one cycle up so packets reordered before the first one still extend to ≥ 0.
      this.highest = 0x10000 + seq;
      return this.highest;
    }
    const ext = this.highest + seqDiff(seq, this.highest & 0xffff);
    if (ext > this.highest) this.highest = ext;
    return ext;
  }

  /** Newest extended number seen, −1 before the first packet. */
  get newest(): number {
    return this.highest;
  }
}

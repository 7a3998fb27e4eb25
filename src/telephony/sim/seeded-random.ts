/**
 * mulberry32: a 32-bit seeded generator in five lines. `kind: random` only needs the same
 * draws on every run for one seed, not cryptographic or statistical strength, so no library.
 * Returns floats in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks an item by weight with one draw `r` in [0, 1); weights must be positive. */
export function pickWeighted<T extends { weight: number }>(items: readonly T[], r: number): T {
  const total = items.reduce((sum, i) => sum + i.weight, 0);
  let x = r * total;
  for (const item of items) {
    if (x < item.weight) return item;
    x -= item.weight;
  }
  // Only float rounding lands here; the last item owns the top of the range.
  const last = items[items.length - 1];
  if (!last) throw new RangeError('pickWeighted needs at least one item');
  return last;
}

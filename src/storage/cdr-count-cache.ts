import type { CdrQuery } from './repositories.ts';

const MAX_ENTRIES = 512;

/**
 * DescribeTelCdr answers a total with every page, and counting a wide time range is the most
 * expensive part of a read (a range scan, where the page itself is 20 index steps). Totals are
 * kept per query until the app gets a new CDR. A generation per app makes the cache safe
 * against a count that was running while a CDR was written: such a count is never stored.
 * Only used where this process is the database's only writer.
 */
export class CdrCountCache {
  private readonly totals = new Map<string, number>();
  private readonly generations = new Map<number, number>();

  /** Call before counting; pass the result to `store` with the count. */
  generation(sdkAppId: number): number {
    return this.generations.get(sdkAppId) ?? 0;
  }

  get(q: CdrQuery): number | undefined {
    const key = keyOf(q);
    const n = this.totals.get(key);
    if (n !== undefined) {
      // Refresh its place: the Map's order is the eviction order.
      this.totals.delete(key);
      this.totals.set(key, n);
    }
    return n;
  }

  store(q: CdrQuery, total: number, generationBefore: number): void {
    if (this.generation(q.sdkAppId) !== generationBefore) return;
    this.totals.set(keyOf(q), total);
    if (this.totals.size > MAX_ENTRIES) this.totals.delete(this.totals.keys().next().value!);
  }

  /** A CDR of this app is being (or was just) written: its totals are stale. */
  invalidate(sdkAppId: number): void {
    this.generations.set(sdkAppId, this.generation(sdkAppId) + 1);
    const prefix = `${sdkAppId}|`;
    for (const key of this.totals.keys()) if (key.startsWith(prefix)) this.totals.delete(key);
  }
}

function keyOf(q: CdrQuery): string {
  const phones = q.phones ? [...q.phones].sort().join(',') : '*';
  const ids = q.sessionIds ? [...q.sessionIds].sort().join(',') : '*';
  return `${q.sdkAppId}|${q.fromMs}|${q.toMs}|${phones}|${ids}`;
}

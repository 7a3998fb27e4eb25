import type { CdrQuery } from '../storage/repositories.ts';

const MAX_ENTRIES = 1024;

/**
 * Answers of recent CDR queries (totals, and pages of session ids), kept per app until the app
 * gets a new CDR. Counting a wide time range is the most expensive part of a DescribeTelCdr,
 * and dashboards repeat the same query. A generation per app makes it safe against a query
 * that was running while a CDR was written: such an answer is never stored. Only used where
 * this process is the database's only writer.
 */
export class CdrQueryCache {
  private readonly answers = new Map<string, unknown>();
  private readonly generations = new Map<number, number>();

  /** Call before querying; pass the result to `store` with the answer. */
  generation(sdkAppId: number): number {
    return this.generations.get(sdkAppId) ?? 0;
  }

  get<T>(kind: 'total' | 'ids', q: CdrQuery): T | undefined {
    const key = keyOf(kind, q);
    const hit = this.answers.get(key) as T | undefined;
    if (hit !== undefined) {
      // Refresh its place: the Map's order is the eviction order.
      this.answers.delete(key);
      this.answers.set(key, hit);
    }
    return hit;
  }

  store(kind: 'total' | 'ids', q: CdrQuery, answer: unknown, generationBefore: number): void {
    if (this.generation(q.sdkAppId) !== generationBefore) return;
    this.answers.set(keyOf(kind, q), answer);
    if (this.answers.size > MAX_ENTRIES) this.answers.delete(this.answers.keys().next().value!);
  }

  /** A CDR of this app is being (or was just) written: its answers are stale. */
  invalidate(sdkAppId: number): void {
    this.generations.set(sdkAppId, this.generation(sdkAppId) + 1);
    const prefix = `${sdkAppId}|`;
    for (const key of this.answers.keys()) if (key.startsWith(prefix)) this.answers.delete(key);
  }
}

/** Totals ignore paging; id pages depend on it. Filter lists are order-insensitive. */
function keyOf(kind: 'total' | 'ids', q: CdrQuery): string {
  const phones = q.phones ? [...q.phones].sort().join(',') : '*';
  const ids = q.sessionIds ? [...q.sessionIds].sort().join(',') : '*';
  const page = kind === 'ids' ? `|${q.offset}|${q.limit}` : '';
  return `${q.sdkAppId}|${kind}|${q.fromMs}|${q.toMs}|${phones}|${ids}${page}`;
}

import { buildTelCdr } from '../domain/cdr.ts';
import type { SessionRecord } from '../domain/session.ts';
import type { CdrQuery, Page, Storage } from '../storage/repositories.ts';
import { CdrQueryCache } from './cdr-query-cache.ts';
import type { CallerLocator } from './geo/callee-area-resolver.ts';

/** A CDR as DescribeTelCdr serves it: the record and its TelCdrInfo JSON, rendered once. */
export interface CdrEntry {
  readonly record: SessionRecord;
  readonly telCdrJson: string;
}

/**
 * The one place DescribeTelCdr's speed lives, with its one invalidation rule, and so the one
 * place told of every durable CDR (calls and refused attempts). Two caches:
 * - CDRs by session id: a CDR never changes once written, so entries never go stale (oldest leave first);
 * - query answers (totals and id pages) per app, only while this process is the database's only
 *   writer, dropped whenever this process writes a CDR of that app (`writing` before the write and
 *   `written` after it, so an answer computed while the CDR was being written is never kept).
 */
export class CdrReader {
  private readonly byId = new Map<string, CdrEntry>();
  private readonly queries: CdrQueryCache | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly capacity = 50_000,
    /** Fills CallerLocation; without one it is "". */
    private readonly locator?: CallerLocator,
    /** Told of every CDR once it is durable (metrics count them by EndStatus). */
    private readonly onWritten?: (record: SessionRecord) => void,
  ) {
    this.queries = storage.singleWriter ? new CdrQueryCache() : undefined;
  }

  /** A CDR of this app is about to be written. */
  writing(sdkAppId: number): void {
    this.queries?.invalidate(sdkAppId);
  }

  /** A CDR is durable: its app's query answers are stale, and the record is kept for reads. */
  written(record: SessionRecord): void {
    this.queries?.invalidate(record.sdkAppId);
    if (record.status === 'finished') this.remember(record);
    this.onWritten?.(record);
  }

  /** One page of CDRs, newest first, with the total. */
  async page(q: CdrQuery): Promise<Page<CdrEntry>> {
    // The entries render lazily and synchronously: the location data must be there first.
    const [ids] = await Promise.all([this.idPage(q), this.locator?.ready()]);
    const misses = ids.items.filter((id) => !this.byId.has(id));
    if (misses.length > 0) for (const record of await this.storage.cdrs.getMany(q.sdkAppId, misses)) this.remember(record);
    // A CDR deleted between the two reads (none are today) would simply drop out of the page.
    const items = ids.items
      .map((id) => this.byId.get(id))
      .filter((e): e is CdrEntry => e !== undefined && e.record.sdkAppId === q.sdkAppId);
    return { total: ids.total, items };
  }

  size(): number {
    return this.byId.size;
  }

  /** The total (shared by every page of a query) and the ids of one page, each from the cache when it can. */
  private async idPage(q: CdrQuery): Promise<Page<string>> {
    const generation = this.queries?.generation(q.sdkAppId) ?? 0;
    const cachedTotal = this.queries?.get<number>('total', q);
    const cachedIds = this.queries?.get<string[]>('ids', q);
    const [total, items] = await Promise.all([cachedTotal ?? this.storage.cdrs.count(q), cachedIds ?? this.storage.cdrs.pageIds(q)]);
    if (cachedTotal === undefined) this.queries?.store('total', q, total, generation);
    if (cachedIds === undefined) this.queries?.store('ids', q, items, generation);
    return { total, items };
  }

  private remember(record: SessionRecord): void {
    let json: string | undefined;
    const locator = this.locator;
    const entry: CdrEntry = {
      record,
      get telCdrJson() {
        return (json ??= JSON.stringify(buildTelCdr(record, { callerLocation: locator?.locate(record.caller) ?? '' })));
      },
    };
    this.byId.delete(record.sessionId);
    this.byId.set(record.sessionId, entry);
    if (this.byId.size > this.capacity) this.byId.delete(this.byId.keys().next().value!);
  }
}

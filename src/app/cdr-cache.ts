import type { SessionRecord } from '../domain/session.ts';

/**
 * Finished sessions by id. A CDR never changes once written, so DescribeTelCdr can serve
 * recent pages from memory and fetch only what it has not seen; the oldest entries leave first.
 */
export class CdrCache {
  private readonly byId = new Map<string, SessionRecord>();

  constructor(private readonly capacity = 50_000) {}

  get(sessionId: string): SessionRecord | undefined {
    return this.byId.get(sessionId);
  }

  put(record: SessionRecord): void {
    if (record.status !== 'finished') return;
    this.byId.delete(record.sessionId);
    this.byId.set(record.sessionId, record);
    if (this.byId.size > this.capacity) this.byId.delete(this.byId.keys().next().value!);
  }

  size(): number {
    return this.byId.size;
  }
}

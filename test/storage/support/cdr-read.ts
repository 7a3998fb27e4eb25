import type { SessionRecord } from '../../../src/domain/session.ts';
import type { CdrQuery, Page, Storage } from '../../../src/storage/repositories.ts';

/** One CDR by id, through the repository's own reads. */
export async function cdrOf(storage: Storage, sdkAppId: number, sessionId: string): Promise<SessionRecord | undefined> {
  return (await storage.cdrs.getMany(sdkAppId, [sessionId]))[0];
}

/** The total and one page of ids, as DescribeTelCdr asks for them. */
export async function idPage(storage: Storage, q: CdrQuery): Promise<Page<string>> {
  const [total, items] = await Promise.all([storage.cdrs.count(q), storage.cdrs.pageIds(q)]);
  return { total, items };
}

/** A page of whole CDRs in the page's order. */
export async function cdrPage(storage: Storage, q: CdrQuery): Promise<Page<SessionRecord>> {
  const ids = await idPage(storage, q);
  const byId = new Map((await storage.cdrs.getMany(q.sdkAppId, ids.items)).map((r) => [r.sessionId, r]));
  return { total: ids.total, items: ids.items.map((id) => byId.get(id)!) };
}

import { sql, type Kysely } from 'kysely';
import type { SessionRecord } from '../domain/session.ts';
import type { Database } from './database.ts';
import type { CdrQuery, CdrRepository, Page } from './repositories.ts';
import { queryTemplate } from './query-template.ts';
import { fromSessionRow, type SessionRow } from './rows/session-row.ts';
import type { CdrQueryCache } from './cdr-query-cache.ts';

const NOTHING = sql<boolean>`1 = 0`;

interface Range {
  app: number;
  from: number;
  to: number;
}
type PageArgs = Range & { limit: number; offset: number };
const PAGE_KEYS = ['app', 'from', 'to', 'limit', 'offset'] as const;

/** CDRs of one app started within [from, to]: where every DescribeTelCdr query starts. */
function inRange(db: Kysely<Database>, a: Range) {
  return db.selectFrom('cdrs').where('sdk_app_id', '=', a.app).where('started_at', '>=', a.from).where('started_at', '<=', a.to);
}

export class KyselyCdrRepository implements CdrRepository {
  private readonly getOne;
  private readonly pageInRange;
  private readonly idsInRange;
  private readonly countInRange;

  constructor(
    private readonly db: Kysely<Database>,
    readonly queryCache?: CdrQueryCache,
  ) {
    // The common DescribeTelCdr shape (a time range, no filters) is compiled once; newest first.
    this.pageInRange = queryTemplate(db, PAGE_KEYS, (db, a: PageArgs) =>
      inRange(db, a).selectAll().orderBy('started_at', 'desc').orderBy('session_id', 'desc').limit(a.limit).offset(a.offset),
    );
    this.idsInRange = queryTemplate(db, PAGE_KEYS, (db, a: PageArgs) =>
      inRange(db, a).select('session_id').orderBy('started_at', 'desc').orderBy('session_id', 'desc').limit(a.limit).offset(a.offset),
    );
    this.countInRange = queryTemplate(db, ['app', 'from', 'to'], (db, a: Range) =>
      inRange(db, a).select((eb) => eb.fn.countAll<number>().as('n')),
    );
    this.getOne = queryTemplate(db, ['app', 'id'], (db, a: { app: number; id: string }) =>
      db.selectFrom('cdrs').selectAll().where('session_id', '=', a.id).where('sdk_app_id', '=', a.app),
    );
  }

  private matching(q: CdrQuery) {
    let matching = inRange(this.db, { app: q.sdkAppId, from: q.fromMs, to: q.toMs });
    // An empty list matches nothing; `IN ()` is not valid SQL, so that case is spelled out.
    const phones = q.phones;
    if (phones) {
      matching = phones.length
        ? matching.where((eb) => eb.or([eb('caller', 'in', phones), eb('callee', 'in', phones), eb('callee_e164', 'in', phones)]))
        : matching.where(NOTHING);
    }
    const ids = q.sessionIds;
    if (ids) matching = ids.length ? matching.where('session_id', 'in', ids) : matching.where(NOTHING);
    return matching;
  }

  /** The total for a query, from the query cache when this process is the only writer. */
  private async total(q: CdrQuery): Promise<number> {
    const cached = this.queryCache?.get<number>('total', q);
    if (cached !== undefined) return cached;
    const generation = this.queryCache?.generation(q.sdkAppId) ?? 0;
    const row =
      q.phones || q.sessionIds
        ? await this.matching(q)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        : (await this.db.executeQuery(this.countInRange({ app: q.sdkAppId, from: q.fromMs, to: q.toMs }))).rows[0]!;
    const n = Number(row.n);
    this.queryCache?.store('total', q, n, generation);
    return n;
  }

  async query(q: CdrQuery): Promise<Page<SessionRecord>> {
    const rows =
      q.phones || q.sessionIds
        ? this.matching(q).selectAll().orderBy('started_at', 'desc').orderBy('session_id', 'desc').limit(q.limit).offset(q.offset).execute()
        : this.db
            .executeQuery<SessionRow>(this.pageInRange({ app: q.sdkAppId, from: q.fromMs, to: q.toMs, limit: q.limit, offset: q.offset }))
            .then((r) => r.rows);
    const [total, items] = await Promise.all([this.total(q), rows]);
    return { total, items: items.map(fromSessionRow) };
  }

  async queryIds(q: CdrQuery): Promise<Page<string>> {
    const cached = this.queryCache?.get<Page<string>>('ids', q);
    if (cached) return cached;
    const generation = this.queryCache?.generation(q.sdkAppId) ?? 0;
    // Without a phone filter this reads the (sdk_app_id, started_at, session_id) index alone.
    const rows =
      q.phones || q.sessionIds
        ? this.matching(q)
            .select('session_id')
            .orderBy('started_at', 'desc')
            .orderBy('session_id', 'desc')
            .limit(q.limit)
            .offset(q.offset)
            .execute()
        : this.db
            .executeQuery(this.idsInRange({ app: q.sdkAppId, from: q.fromMs, to: q.toMs, limit: q.limit, offset: q.offset }))
            .then((r) => r.rows);
    const [total, ids] = await Promise.all([this.total(q), rows]);
    const page = { total, items: ids.map((r) => r.session_id) };
    this.queryCache?.store('ids', q, page, generation);
    return page;
  }

  async getMany(sdkAppId: number, sessionIds: readonly string[]): Promise<SessionRecord[]> {
    if (sessionIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('cdrs')
      .selectAll()
      .where('sdk_app_id', '=', sdkAppId)
      .where('session_id', 'in', sessionIds)
      .execute();
    return rows.map(fromSessionRow);
  }

  async get(sdkAppId: number, sessionId: string): Promise<SessionRecord | undefined> {
    const { rows } = await this.db.executeQuery<SessionRow>(this.getOne({ app: sdkAppId, id: sessionId }));
    return rows[0] && fromSessionRow(rows[0]);
  }
}

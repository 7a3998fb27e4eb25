import { sql, type Kysely } from 'kysely';
import type { SessionRecord } from '../domain/session.ts';
import type { Database } from './database.ts';
import type { CdrQuery, CdrRepository } from './repositories.ts';
import { queryTemplate } from './query-template.ts';
import { fromSessionRow } from './rows/session-row.ts';

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

/** CDR reads; caching them is the app's job (app/cdr-reader.ts), where the writes are known. */
export class KyselyCdrRepository implements CdrRepository {
  private readonly idsInRange;
  private readonly countInRange;

  constructor(private readonly db: Kysely<Database>) {
    // The common DescribeTelCdr shape (a time range, no filters) is compiled once; newest first.
    this.idsInRange = queryTemplate(db, PAGE_KEYS, (db, a: PageArgs) =>
      inRange(db, a).select('session_id').orderBy('started_at', 'desc').orderBy('session_id', 'desc').limit(a.limit).offset(a.offset),
    );
    this.countInRange = queryTemplate(db, ['app', 'from', 'to'], (db, a: Range) =>
      inRange(db, a).select((eb) => eb.fn.countAll<number>().as('n')),
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

  async count(q: CdrQuery): Promise<number> {
    const row =
      q.phones || q.sessionIds
        ? await this.matching(q)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        : (await this.db.executeQuery(this.countInRange({ app: q.sdkAppId, from: q.fromMs, to: q.toMs }))).rows[0]!;
    return Number(row.n);
  }

  async pageIds(q: CdrQuery): Promise<string[]> {
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
    return (await rows).map((r) => r.session_id);
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
}

import { sql, type Kysely } from 'kysely';
import type { SessionRecord } from '../domain/session.ts';
import type { Database } from './database.ts';
import type { CdrQuery, CdrRepository, Page } from './repositories.ts';
import { queryTemplate } from './query-template.ts';
import { fromSessionRow, type SessionRow } from './rows/session-row.ts';

const NOTHING = sql<boolean>`1 = 0`;

export class KyselyCdrRepository implements CdrRepository {
  private readonly getOne;

  constructor(private readonly db: Kysely<Database>) {
    this.getOne = queryTemplate(db, ['app', 'id'], (db, a: { app: number; id: string }) =>
      db.selectFrom('cdrs').selectAll().where('session_id', '=', a.id).where('sdk_app_id', '=', a.app),
    );
  }

  async query(q: CdrQuery): Promise<Page<SessionRecord>> {
    let matching = this.db
      .selectFrom('cdrs')
      .where('sdk_app_id', '=', q.sdkAppId)
      .where('started_at', '>=', q.fromMs)
      .where('started_at', '<=', q.toMs);
    // An empty list matches nothing; `IN ()` is not valid SQL, so that case is spelled out.
    const phones = q.phones;
    if (phones) {
      matching = phones.length
        ? matching.where((eb) => eb.or([eb('caller', 'in', phones), eb('callee', 'in', phones), eb('callee_e164', 'in', phones)]))
        : matching.where(NOTHING);
    }
    const ids = q.sessionIds;
    if (ids) matching = ids.length ? matching.where('session_id', 'in', ids) : matching.where(NOTHING);
    const [count, rows] = await Promise.all([
      matching.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      matching.selectAll().orderBy('started_at', 'desc').orderBy('session_id', 'desc').limit(q.limit).offset(q.offset).execute(),
    ]);
    return { total: count.n, items: rows.map(fromSessionRow) };
  }

  async get(sdkAppId: number, sessionId: string): Promise<SessionRecord | undefined> {
    const { rows } = await this.db.executeQuery<SessionRow>(this.getOne({ app: sdkAppId, id: sessionId }));
    return rows[0] && fromSessionRow(rows[0]);
  }
}

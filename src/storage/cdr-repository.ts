import { sql, type Kysely } from 'kysely';
import type { SessionRecord } from '../domain/session.ts';
import type { Database } from './database.ts';
import type { CdrQuery, CdrRepository, Page } from './repositories.ts';
import { fromSessionRow, toSessionRow } from './rows/session-row.ts';

/** Adds the CDR of a finished session; a second write for the same session is ignored. */
export async function insertCdrOnce(db: Kysely<Database>, s: SessionRecord): Promise<void> {
  await db
    .insertInto('cdrs')
    .values(toSessionRow(s))
    .onConflict((oc) => oc.column('session_id').doNothing())
    .execute();
}

const NOTHING = sql<boolean>`1 = 0`;

export class KyselyCdrRepository implements CdrRepository {
  constructor(private readonly db: Kysely<Database>) {}

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
    const row = await this.db
      .selectFrom('cdrs')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('sdk_app_id', '=', sdkAppId)
      .executeTakeFirst();
    return row && fromSessionRow(row);
  }
}

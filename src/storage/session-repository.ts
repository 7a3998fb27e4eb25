import type { Kysely } from 'kysely';
import type { SessionRecord } from '../domain/session.ts';
import type { Database } from './database.ts';
import type { Page, SessionRepository } from './repositories.ts';
import { fromSessionRow, SESSION_VALUE_COLUMNS, toSessionRow } from './rows/session-row.ts';

const FINISHED = 'finished';

/** Writes a session row, replacing every column of an existing row with the same id. */
export async function upsertSession(db: Kysely<Database>, s: SessionRecord): Promise<void> {
  await db
    .insertInto('sessions')
    .values(toSessionRow(s))
    .onConflict((oc) =>
      oc.column('session_id').doUpdateSet((eb) => Object.fromEntries(SESSION_VALUE_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)]))),
    )
    .execute();
}

export class KyselySessionRepository implements SessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(session: SessionRecord): Promise<void> {
    await this.db.insertInto('sessions').values(toSessionRow(session)).execute();
  }

  // An upsert rather than an update: a save whose insert was lost still leaves the latest state.
  save(session: SessionRecord): Promise<void> {
    return upsertSession(this.db, session);
  }

  async get(sdkAppId: number, sessionId: string): Promise<SessionRecord | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('sdk_app_id', '=', sdkAppId)
      .executeTakeFirst();
    return row && fromSessionRow(row);
  }

  async listActive(sdkAppId: number, offset: number, limit: number): Promise<Page<SessionRecord>> {
    const active = this.db.selectFrom('sessions').where('sdk_app_id', '=', sdkAppId).where('status', '!=', FINISHED);
    const [count, rows] = await Promise.all([
      active.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      active.selectAll().orderBy('started_at', 'asc').orderBy('session_id', 'asc').limit(limit).offset(offset).execute(),
    ]);
    return { total: count.n, items: rows.map(fromSessionRow) };
  }

  async listUnfinished(): Promise<SessionRecord[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('status', '!=', FINISHED)
      .orderBy('started_at', 'asc')
      .orderBy('session_id', 'asc')
      .execute();
    return rows.map(fromSessionRow);
  }

  /** Counts sessions started at or after `sinceMs`. */
  async countByCallee(sdkAppId: number, calleeE164: string, sinceMs: number): Promise<number> {
    const r = await this.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('sdk_app_id', '=', sdkAppId)
      .where('callee_e164', '=', calleeE164)
      .where('started_at', '>=', sinceMs)
      .executeTakeFirstOrThrow();
    return r.n;
  }

  /** Counts sessions started at or after `sinceMs`. */
  async countByCaller(sdkAppId: number, caller: string, sinceMs: number): Promise<number> {
    const r = await this.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('sdk_app_id', '=', sdkAppId)
      .where('caller', '=', caller)
      .where('started_at', '>=', sinceMs)
      .executeTakeFirstOrThrow();
    return r.n;
  }
}

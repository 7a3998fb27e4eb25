import { sql, type Kysely } from 'kysely';
import type { SessionRecord, SessionStatus } from '../domain/session.ts';
import type { Database } from './database.ts';
import type { Page, SessionOwner, SessionRepository, WriteOutcome } from './repositories.ts';
import { queryTemplate } from './query-template.ts';
import { fromSessionRow, toSessionRow, type OwnedSessionRow, type SessionRow } from './rows/session-row.ts';
import { withEvents, type WriteQueries } from './write-queries.ts';
import type { StorageDialect } from './dialect/storage-dialect.ts';
import type { LifecycleEvent } from '../domain/lifecycle-event.ts';
import type { OutboxMessage } from '../domain/outbox.ts';
import { fromLifecycleEventRow } from './rows/lifecycle-event-row.ts';

const FINISHED = 'finished';
/** Every status but finished, named so the (sdk_app_id, status) index can seek each one. */
const UNFINISHED = ['dialing', 'ringing', 'inProgress'] as const satisfies readonly SessionStatus[];
// A compile error here means SessionStatus gained a value UNFINISHED must list.
true satisfies [Exclude<SessionStatus, typeof FINISHED | (typeof UNFINISHED)[number]>] extends [never] ? true : false;

interface Since {
  app: number;
  value: string;
  since: number;
}

export class KyselySessionRepository implements SessionRepository {
  private readonly getOne;
  private readonly countCallee;
  private readonly countCaller;

  private readonly db: Kysely<Database>;

  constructor(
    private readonly dialect: StorageDialect,
    private readonly writes: WriteQueries,
    private readonly owner: SessionOwner,
  ) {
    const db = dialect.db;
    this.db = db;
    this.getOne = queryTemplate(db, ['app', 'id'], (db, a: { app: number; id: string }) =>
      db.selectFrom('sessions').selectAll().where('session_id', '=', a.id).where('sdk_app_id', '=', a.app),
    );
    // Both count calls started at or after `since`; each has its own (app, column, started_at) index.
    this.countCallee = queryTemplate(db, ['app', 'value', 'since'], (db, a: Since) =>
      db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('sdk_app_id', '=', a.app)
        .where('callee_e164', '=', a.value)
        .where('started_at', '>=', a.since),
    );
    this.countCaller = queryTemplate(db, ['app', 'value', 'since'], (db, a: Since) =>
      db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('sdk_app_id', '=', a.app)
        .where('caller', '=', a.value)
        .where('started_at', '>=', a.since),
    );
  }

  async insert(session: SessionRecord, events: readonly LifecycleEvent[] = [], outbox: readonly OutboxMessage[] = []): Promise<void> {
    await this.dialect.runAtomically(withEvents(this.writes, [this.writes.insertSession(this.owned(session))], events, outbox));
  }

  // An upsert rather than an update: a save whose insert was lost still leaves the latest state.
  async save(session: SessionRecord, events: readonly LifecycleEvent[] = [], outbox: readonly OutboxMessage[] = []): Promise<WriteOutcome> {
    const queries = withEvents(this.writes, [this.writes.upsertOwnedSession(this.owned(session))], events, outbox);
    return (await this.dialect.runAtomically(queries, { guarded: true })) ? 'written' : 'fenced';
  }

  // Events alone: the row is not rewritten, only checked to be ours (and, on Postgres, locked) by the guard.
  async append(sessionId: string, events: readonly LifecycleEvent[], outbox: readonly OutboxMessage[] = []): Promise<WriteOutcome> {
    if (events.length === 0) return 'written';
    const guard = this.writes.touchOwnedSession({
      session_id: sessionId,
      owner_node: this.owner.node,
      owner_incarnation: this.owner.incarnation,
    });
    return (await this.dialect.runAtomically(withEvents(this.writes, [guard], events, outbox), { guarded: true })) ? 'written' : 'fenced';
  }

  /** The row of a session as this owner writes it. */
  owned(session: SessionRecord): OwnedSessionRow {
    return { ...toSessionRow(session), owner_node: this.owner.node, owner_incarnation: this.owner.incarnation };
  }

  async events(sessionId: string): Promise<LifecycleEvent[]> {
    const rows = await this.db.selectFrom('session_events').selectAll().where('session_id', '=', sessionId).orderBy('seq').execute();
    return rows.map(fromLifecycleEventRow);
  }

  async get(sdkAppId: number, sessionId: string): Promise<SessionRecord | undefined> {
    const { rows } = await this.db.executeQuery<SessionRow>(this.getOne({ app: sdkAppId, id: sessionId }));
    return rows[0] && fromSessionRow(rows[0]);
  }

  async find(sessionId: string): Promise<SessionRecord | undefined> {
    const row = await this.db.selectFrom('sessions').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
    return row && fromSessionRow(row);
  }

  async listActive(sdkAppId: number, offset: number, limit: number): Promise<Page<SessionRecord>> {
    const active = this.db.selectFrom('sessions').where('sdk_app_id', '=', sdkAppId).where('status', 'in', UNFINISHED);
    const [count, rows] = await Promise.all([
      active.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      active.selectAll().orderBy('started_at', 'asc').orderBy('session_id', 'asc').limit(limit).offset(offset).execute(),
    ]);
    return { total: count.n, items: rows.map(fromSessionRow) };
  }

  // Worded as the partial index sessions_unfinished_started is (a literal, not a parameter),
  // so the planner can prove the index covers the query.
  async listUnfinished(): Promise<SessionRecord[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('status', '<>', sql.lit(FINISHED))
      .orderBy('started_at', 'asc')
      .orderBy('session_id', 'asc')
      .execute();
    return rows.map(fromSessionRow);
  }

  // Find, then compare-and-set per previous owner: the UPDATE's WHERE names only the row's own
  // columns, so when two sweeps race for a row (Postgres re-checks it after the first commits)
  // the second sees the new owner and skips it. A NOT EXISTS in the UPDATE itself is not
  // re-checked that way (an anti-join keeps its first answer): measured, both took every row.
  // An expired (node, incarnation) never comes back (renew needs an unexpired lease), so the
  // lease need not be checked again.
  async takeOverOrphans(nowMs: number): Promise<SessionRecord[]> {
    const { node, incarnation } = this.owner;
    const candidates = await this.db
      .selectFrom('sessions as s')
      .select(['s.session_id', 's.owner_node', 's.owner_incarnation'])
      .where('s.status', '<>', sql.lit(FINISHED))
      .where((eb) => eb.or([eb('s.owner_node', 'is', null), eb('s.owner_node', '<>', node), eb('s.owner_incarnation', '<>', incarnation)]))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('cluster_nodes as n')
              .select('n.node_id')
              .whereRef('n.node_id', '=', 's.owner_node')
              .whereRef('n.incarnation', '=', 's.owner_incarnation')
              .where('n.lease_expires_at', '>', nowMs),
          ),
        ),
      )
      .execute();
    const byOwner = new Map<string, { node: string | null; incarnation: string | null; ids: string[] }>();
    for (const c of candidates) {
      const key = JSON.stringify([c.owner_node, c.owner_incarnation]);
      const group = byOwner.get(key) ?? { node: c.owner_node, incarnation: c.owner_incarnation, ids: [] };
      group.ids.push(c.session_id);
      byOwner.set(key, group);
    }
    const taken: SessionRecord[] = [];
    for (const g of byOwner.values()) {
      const rows = await this.db
        .updateTable('sessions')
        .set({ owner_node: node, owner_incarnation: incarnation })
        .where('session_id', 'in', g.ids)
        .where('status', '<>', sql.lit(FINISHED))
        .where((eb) => (g.node === null ? eb('owner_node', 'is', null) : eb('owner_node', '=', g.node)))
        .where((eb) => (g.incarnation === null ? eb('owner_incarnation', 'is', null) : eb('owner_incarnation', '=', g.incarnation)))
        .returningAll()
        .execute();
      taken.push(...rows.map(fromSessionRow));
    }
    return taken.sort((a, b) => a.startedAt - b.startedAt || (a.sessionId < b.sessionId ? -1 : 1));
  }

  async countByCallee(sdkAppId: number, calleeE164: string, sinceMs: number): Promise<number> {
    const { rows } = await this.db.executeQuery(this.countCallee({ app: sdkAppId, value: calleeE164, since: sinceMs }));
    return rows[0]?.n ?? 0;
  }

  // Seeks the (sdk_app_id, status) index per unfinished status: live calls are few.
  async countActiveOnNumber(sdkAppId: number, caller: string, numberE164: string): Promise<number> {
    const row = await this.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('sdk_app_id', '=', sdkAppId)
      .where('status', 'in', UNFINISHED)
      .where((eb) =>
        eb.or([
          eb.and([eb('direction', '=', 1), eb('caller', '=', caller)]),
          eb.and([eb('direction', '=', 0), eb('callee_e164', '=', numberE164)]),
        ]),
      )
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countByCaller(sdkAppId: number, caller: string, sinceMs: number): Promise<number> {
    const { rows } = await this.db.executeQuery(this.countCaller({ app: sdkAppId, value: caller, since: sinceMs }));
    return rows[0]?.n ?? 0;
  }
}

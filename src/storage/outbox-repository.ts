import { sql, type Kysely } from 'kysely';
import type { DeliveryOutcome, OutboxEntry, OutboxMessage, OutboxState } from '../domain/outbox.ts';
import type { Database } from './database.ts';
import type { StorageDialect } from './dialect/storage-dialect.ts';
import type { OutboxClaim, OutboxQuery, OutboxRepository, OutboxRetry } from './repositories.ts';
import { queryTemplate, type QueryTemplate } from './query-template.ts';
import { fromOutboxRow, toOutboxRow } from './rows/outbox-row.ts';
import type { WriteQueries } from './write-queries.ts';

interface SettleArgs {
  id: string;
  claimer: string;
  state: OutboxState;
  next: number;
  error: string | null;
  at: number;
}

export class KyselyOutboxRepository implements OutboxRepository {
  private readonly db: Kysely<Database>;
  private readonly settleOne: QueryTemplate<SettleArgs, never>;
  private readonly releaseOne: QueryTemplate<{ id: string; claimer: string }, never>;
  /** Postgres: settles waiting for this turn's one UPDATE (see settleBatched). */
  private settling: { args: SettleArgs; resolve: (held: boolean) => void; reject: (err: unknown) => void }[] = [];

  constructor(
    private readonly dialect: StorageDialect,
    /** The append is the same statement a session write carries (write-queries.ts). */
    private readonly writes: WriteQueries,
  ) {
    const db = dialect.db;
    this.db = db;
    // Only the holder of the claim settles, and only a pending message: a late sender whose lease
    // ran out and was taken over cannot overwrite the new holder's outcome.
    this.settleOne = queryTemplate(db, ['state', 'next', 'error', 'at', 'id', 'claimer'], (db, a: SettleArgs) =>
      db
        .updateTable('outbox')
        .set({
          state: a.state,
          // Literals, not parameters: a template's parameters are exactly its arguments.
          attempts: sql<number>`attempts + 1`,
          next_attempt_at: a.next,
          last_error: a.error,
          last_attempt_at: a.at,
          claimed_by: sql<null>`null`,
          claimed_until: sql<null>`null`,
        })
        .where('id', '=', a.id)
        .where('claimed_by', '=', a.claimer)
        .where('state', '=', sql.lit('pending')),
    );
    this.releaseOne = queryTemplate(db, ['id', 'claimer'], (db, a: { id: string; claimer: string }) =>
      db
        .updateTable('outbox')
        .set({ claimed_by: sql<null>`null`, claimed_until: sql<null>`null` })
        .where('id', '=', a.id)
        .where('claimed_by', '=', a.claimer)
        .where('state', '=', sql.lit('pending')),
    );
  }

  async release(id: string, claimer: string): Promise<boolean> {
    const r = await this.db.executeQuery(this.releaseOne({ id, claimer }));
    return Number(r.numAffectedRows ?? 0n) > 0;
  }

  async insert(messages: readonly OutboxMessage[]): Promise<void> {
    if (messages.length > 0) await this.dialect.runAtomically(messages.map((m) => this.writes.insertOutboxOnce(toOutboxRow(m))));
  }

  async claimDue(c: OutboxClaim): Promise<OutboxEntry[]> {
    let due = this.db
      .selectFrom('outbox as o')
      .select('o.id')
      .where('o.state', '=', 'pending')
      .where('o.next_attempt_at', '<=', c.now)
      .where((eb) => eb.or([eb('o.claimed_until', 'is', null), eb('o.claimed_until', '<=', c.now)]))
      // Order per session and endpoint: only the earliest owed message may go. Written as "seq is
      // the first pending seq" (a scalar subquery Postgres cannot turn into a join) ordered by seq,
      // which only the (session, endpoint, state, seq) index yields without a sort: so even a
      // planner without statistics, as on a young table, seeks that index. As an anti-join, or as
      // min(seq), it picked the due index and read every pending row per candidate (60-140 ms a claim).
      .where((eb) =>
        eb(
          'o.seq',
          '=',
          eb
            .selectFrom('outbox as e')
            .select('e.seq')
            .whereRef('e.session_id', '=', 'o.session_id')
            .whereRef('e.endpoint_id', '=', 'o.endpoint_id')
            .where('e.state', '=', 'pending')
            .orderBy('e.seq')
            .limit(1),
        ),
      )
      .orderBy('o.next_attempt_at')
      .orderBy('o.seq')
      .limit(c.limit);
    if (c.endpointId !== undefined) due = due.where('o.endpoint_id', '=', c.endpointId);
    // Concurrent claimers on Postgres skip each other's rows instead of queueing on them (or
    // taking them twice); SQLite runs one write at a time, so its claims never overlap.
    if (this.dialect.supportsSkipLocked) due = due.forUpdate().skipLocked();
    const rows = await this.db
      .updateTable('outbox')
      .set({ claimed_by: c.claimer, claimed_until: c.now + c.leaseMs })
      .where('id', 'in', due)
      .returningAll()
      .execute();
    return rows.map(fromOutboxRow).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.seq - b.seq);
  }

  async settle(id: string, claimer: string, outcome: DeliveryOutcome, at: number): Promise<boolean> {
    const args: SettleArgs =
      outcome.kind === 'delivered'
        ? { id, claimer, state: 'delivered', next: at, error: null, at }
        : outcome.kind === 'retry'
          ? { id, claimer, state: 'pending', next: outcome.nextAttemptAt, error: outcome.error, at }
          : { id, claimer, state: 'dead', next: at, error: outcome.error, at };
    if (this.dialect.name === 'postgres') return this.settleBatched(args);
    const r = await this.db.executeQuery(this.settleOne(args));
    return Number(r.numAffectedRows ?? 0n) > 0;
  }

  /**
   * On Postgres the settles of one event-loop turn go as one UPDATE ... FROM unnest(arrays): a
   * delivery's settle was most of a call's statements once the hand-off dropped the claims, and
   * each statement is a round trip (bench/write-path.ts, phase e). Each caller still learns
   * whether its own claim held (RETURNING the ids updated). SQLite needs none of this: its
   * statements cost no round trip and its group commit already shares the commit.
   */
  private settleBatched(args: SettleArgs): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.settling.push({ args, resolve, reject });
      if (this.settling.length === 1) setImmediate(() => void this.flushSettles());
    });
  }

  private async flushSettles(): Promise<void> {
    const batch = this.settling;
    this.settling = [];
    const col = <K extends keyof SettleArgs>(k: K) => batch.map((b) => b.args[k]);
    try {
      const r = await sql<{ id: string }>`
        update outbox as o set
          state = v.state, attempts = o.attempts + 1, next_attempt_at = v.next, last_error = v.error,
          last_attempt_at = v.at, claimed_by = null, claimed_until = null
        from unnest(${col('id')}::text[], ${col('claimer')}::text[], ${col('state')}::text[], ${col('next')}::bigint[],
                    ${col('error')}::text[], ${col('at')}::bigint[]) as v(id, claimer, state, next, error, at)
        where o.id = v.id and o.claimed_by = v.claimer and o.state = 'pending'
        returning o.id`.execute(this.db);
      const held = new Set(r.rows.map((row) => row.id));
      for (const b of batch) b.resolve(held.has(b.args.id));
    } catch (err) {
      for (const b of batch) b.reject(err);
    }
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    const row = await this.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
    return row && fromOutboxRow(row);
  }

  async list(q: OutboxQuery): Promise<OutboxEntry[]> {
    let query = this.db.selectFrom('outbox').selectAll();
    if (q.state) query = query.where('state', '=', q.state);
    if (q.sessionId) query = query.where('session_id', '=', q.sessionId);
    if (q.endpointId) query = query.where('endpoint_id', '=', q.endpointId);
    // A session's own messages read best in their order; across sessions, newest first.
    query = q.sessionId
      ? query.orderBy('endpoint_id').orderBy('seq')
      : query.orderBy('created_at', 'desc').orderBy('session_id').orderBy('seq', 'desc');
    const rows = await query
      .limit(q.limit)
      .offset(q.offset ?? 0)
      .execute();
    return rows.map(fromOutboxRow);
  }

  async retry(which: OutboxRetry, now: number): Promise<number> {
    if (!which.ids && !which.sessionId && !which.endpointId && !which.states)
      throw new Error('outbox retry: say which messages (ids, session, endpoint or states)');
    const states = which.states ?? ['delivered', 'dead'];
    if (which.ids?.length === 0 || states.length === 0) return 0;
    let q = this.db
      .updateTable('outbox')
      .set({ state: 'pending', attempts: 0, next_attempt_at: now, pending_since: now, claimed_by: null, claimed_until: null })
      .where('state', 'in', [...states])
      // An attempt in flight settles itself; taking it over would send it twice at once.
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]));
    if (which.ids) q = q.where('id', 'in', [...which.ids]);
    if (which.sessionId) q = q.where('session_id', '=', which.sessionId);
    if (which.endpointId) q = q.where('endpoint_id', '=', which.endpointId);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async counts(states?: readonly OutboxState[]): Promise<Record<OutboxState, number>> {
    let q = this.db.selectFrom('outbox').select(['state', (eb) => eb.fn.countAll<number>().as('n')]);
    if (states) q = q.where('state', 'in', [...states]);
    const rows = await q.groupBy('state').execute();
    const out: Record<OutboxState, number> = { pending: 0, delivered: 0, dead: 0 };
    for (const r of rows) out[r.state as OutboxState] = Number(r.n);
    return out;
  }

  async prune(beforeMs: number): Promise<number> {
    const r = await this.db
      .deleteFrom('outbox')
      .where('state', '=', 'delivered')
      .where('last_attempt_at', '<', beforeMs)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async releaseClaims(): Promise<number> {
    const r = await this.db
      .updateTable('outbox')
      .set({ claimed_by: null, claimed_until: null })
      .where('state', '=', 'pending')
      .where('claimed_by', 'is not', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async analyze(): Promise<void> {
    if (this.dialect.name === 'postgres') await sql`analyze outbox`.execute(this.db);
  }
}

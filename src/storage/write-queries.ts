import type { CompiledQuery, Kysely } from 'kysely';
import type { LifecycleEvent } from '../domain/lifecycle-event.ts';
import type { OutboxMessage } from '../domain/outbox.ts';
import { OUTBOX_INSERT_COLUMNS, toOutboxRow, type OutboxInsertRow } from './rows/outbox-row.ts';
import { queryTemplate, type QueryTemplate } from './query-template.ts';
import type { Database, SessionEventsTable } from './database.ts';
import { LIFECYCLE_EVENT_COLUMNS, toLifecycleEventRow } from './rows/lifecycle-event-row.ts';
import {
  OWNED_SESSION_COLUMNS,
  SESSION_COLUMNS,
  SESSION_VALUE_COLUMNS,
  type OwnedSessionRow,
  type SessionRow,
} from './rows/session-row.ts';

/** The writes every call makes, compiled once per database (see queryTemplate). */
export interface WriteQueries {
  insertSession: QueryTemplate<OwnedSessionRow, never>;
  /**
   * Replaces every column but the owner of an existing row with the same session_id, only while
   * the row's owner is the writer's (fencing: a session another server took over is left alone,
   * and the write changes no row). A row that does not exist yet is inserted with the writer as owner.
   */
  upsertOwnedSession: QueryTemplate<OwnedSessionRow, never>;
  /**
   * Changes nothing, but matches the row only while the writer owns it: the guard of an append of
   * events alone (fenced like a save). On Postgres it also locks the row until commit, so a
   * takeover's UPDATE waits for the append and then sees it; a SELECT would not hold it off.
   */
  touchOwnedSession: QueryTemplate<Pick<OwnedSessionRow, 'session_id' | 'owner_node' | 'owner_incarnation'>, never>;
  /** A second CDR for the same session is ignored: finishing twice is harmless. */
  insertCdrOnce: QueryTemplate<SessionRow, never>;
  /** Event ids are stable, so writing an event twice (a retried finish) keeps one. */
  insertEventOnce: QueryTemplate<SessionEventsTable, never>;
  /** A finished call's line state goes with it (none is a no-op: sim calls and calls never answered have none). */
  deleteCallDialog: QueryTemplate<Pick<SessionRow, 'session_id'>, never>;
  /** Outbox ids are stable per (event, endpoint), so a retried write appends each delivery once. */
  insertOutboxOnce: QueryTemplate<OutboxInsertRow, never>;
}

export function writeQueries(db: Kysely<Database>): WriteQueries {
  return {
    insertSession: queryTemplate(db, OWNED_SESSION_COLUMNS, (db, row: OwnedSessionRow) => db.insertInto('sessions').values(row)),
    upsertOwnedSession: queryTemplate(db, OWNED_SESSION_COLUMNS, (db, row: OwnedSessionRow) =>
      db
        .insertInto('sessions')
        .values(row)
        .onConflict((oc) =>
          oc
            .column('session_id')
            .doUpdateSet((eb) => Object.fromEntries(SESSION_VALUE_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)])))
            .where((eb) =>
              eb.and([
                eb('sessions.owner_node', '=', eb.ref('excluded.owner_node')),
                eb('sessions.owner_incarnation', '=', eb.ref('excluded.owner_incarnation')),
              ]),
            ),
        ),
    ),
    touchOwnedSession: queryTemplate(
      db,
      ['session_id', 'owner_node', 'owner_incarnation'],
      (db, row: Pick<OwnedSessionRow, 'session_id' | 'owner_node' | 'owner_incarnation'>) =>
        db
          .updateTable('sessions')
          .set((eb) => ({ owner_node: eb.ref('owner_node') }))
          .where('session_id', '=', row.session_id)
          .where('owner_node', '=', row.owner_node)
          .where('owner_incarnation', '=', row.owner_incarnation),
    ),
    insertCdrOnce: queryTemplate(db, SESSION_COLUMNS, (db, row: SessionRow) =>
      db
        .insertInto('cdrs')
        .values(row)
        .onConflict((oc) => oc.column('session_id').doNothing()),
    ),
    insertEventOnce: queryTemplate(db, LIFECYCLE_EVENT_COLUMNS, (db, row: SessionEventsTable) =>
      db
        .insertInto('session_events')
        .values(row)
        .onConflict((oc) => oc.columns(['session_id', 'seq']).doNothing()),
    ),
    deleteCallDialog: queryTemplate(db, ['session_id'], (db, row: Pick<SessionRow, 'session_id'>) =>
      db.deleteFrom('call_dialogs').where('session_id', '=', row.session_id),
    ),
    insertOutboxOnce: queryTemplate(db, OUTBOX_INSERT_COLUMNS, (db, row: OutboxInsertRow) =>
      db
        .insertInto('outbox')
        .values(row)
        .onConflict((oc) => oc.column('id').doNothing()),
    ),
  };
}

/**
 * State writes plus the events they produced and the deliveries those owe (none for an app
 * without webhooks or data push), as one list for StorageDialect.runAtomically.
 */
export function withEvents(
  writes: WriteQueries,
  statements: readonly CompiledQuery[],
  events: readonly LifecycleEvent[],
  outbox: readonly OutboxMessage[] = [],
): CompiledQuery[] {
  return [
    ...statements,
    ...events.map((e) => writes.insertEventOnce(toLifecycleEventRow(e))),
    ...outbox.map((m) => writes.insertOutboxOnce(toOutboxRow(m))),
  ];
}

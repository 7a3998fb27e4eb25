import type { CompiledQuery, Kysely } from 'kysely';
import type { LifecycleEvent } from '../domain/lifecycle-event.ts';
import { queryTemplate, type QueryTemplate } from './query-template.ts';
import type { Database, SessionEventsTable } from './database.ts';
import { LIFECYCLE_EVENT_COLUMNS, toLifecycleEventRow } from './rows/lifecycle-event-row.ts';
import { SESSION_COLUMNS, SESSION_VALUE_COLUMNS, type SessionRow } from './rows/session-row.ts';

/** The writes every call makes, compiled once per database (see queryTemplate). */
export interface WriteQueries {
  insertSession: QueryTemplate<SessionRow, never>;
  /** Replaces every column of an existing row with the same session_id. */
  upsertSession: QueryTemplate<SessionRow, never>;
  /** A second CDR for the same session is ignored: finishing twice is harmless. */
  insertCdrOnce: QueryTemplate<SessionRow, never>;
  /** Event ids are stable, so writing an event twice (a retried finish) keeps one. */
  insertEventOnce: QueryTemplate<SessionEventsTable, never>;
  /** A finished call's line state goes with it (none is a no-op: sim calls and calls never answered have none). */
  deleteCallDialog: QueryTemplate<Pick<SessionRow, 'session_id'>, never>;
}

export function writeQueries(db: Kysely<Database>): WriteQueries {
  return {
    insertSession: queryTemplate(db, SESSION_COLUMNS, (db, row: SessionRow) => db.insertInto('sessions').values(row)),
    upsertSession: queryTemplate(db, SESSION_COLUMNS, (db, row: SessionRow) =>
      db
        .insertInto('sessions')
        .values(row)
        .onConflict((oc) =>
          oc.column('session_id').doUpdateSet((eb) => Object.fromEntries(SESSION_VALUE_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)]))),
        ),
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
  };
}

/** State writes plus the events they produced, as one list for StorageDialect.runAtomically. */
export function withEvents(writes: WriteQueries, statements: readonly CompiledQuery[], events: readonly LifecycleEvent[]): CompiledQuery[] {
  return [...statements, ...events.map((e) => writes.insertEventOnce(toLifecycleEventRow(e)))];
}

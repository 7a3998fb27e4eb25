import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import { queryTemplate, type QueryTemplate } from './query-template.ts';
import { SESSION_COLUMNS, SESSION_VALUE_COLUMNS, type SessionRow } from './rows/session-row.ts';

/** The writes every call makes, compiled once per database (see queryTemplate). */
export interface WriteQueries {
  insertSession: QueryTemplate<SessionRow, never>;
  /** Replaces every column of an existing row with the same session_id. */
  upsertSession: QueryTemplate<SessionRow, never>;
  /** A second CDR for the same session is ignored: finishing twice is harmless. */
  insertCdrOnce: QueryTemplate<SessionRow, never>;
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
  };
}

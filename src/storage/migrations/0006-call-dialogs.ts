import type { Kysely, Migration } from 'kysely';

/**
 * The line state of each answered call still up (a SIP dialog: Call-ID, tags, route set, CSeq,
 * peer), written at answer and deleted with the CDR, so that after a crash the next start can tell
 * the far end the call is over (app/use-cases/release-orphaned-dialogs.ts). `state` is the
 * carrier's opaque JSON text; `carrier` names the carrier that can read it. A row lives as long as
 * its call: the table only ever holds the calls in flight.
 */
export const callDialogs: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('call_dialogs')
      .addColumn('session_id', 'text', (c) => c.primaryKey())
      .addColumn('carrier', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('call_dialogs').execute();
  },
};

import type { Kysely, Migration } from 'kysely';

/**
 * The line's account of each call's end (SIP status, Q.850 cause, reason) beside the session
 * and its CDR, and the lifecycle events of every session, written in the same transaction as the
 * state change they describe (the events layer delivers from here).
 */
export const lifecycleEvents: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('sessions').addColumn('line_outcome', 'text').execute();
    await db.schema.alterTable('cdrs').addColumn('line_outcome', 'text').execute();
    await db.schema
      .createTable('session_events')
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('occurred_at', 'bigint', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      // One session's events in order, and the event's stable id (`<session_id>-<seq>`) without a second index.
      .addPrimaryKeyConstraint('session_events_pkey', ['session_id', 'seq'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('session_events').execute();
    await db.schema.alterTable('cdrs').dropColumn('line_outcome').execute();
    await db.schema.alterTable('sessions').dropColumn('line_outcome').execute();
  },
};

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
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('occurred_at', 'bigint', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .execute();
    // One session's events in order; also makes (session, seq) unique.
    await db.schema.createIndex('session_events_session_seq').on('session_events').columns(['session_id', 'seq']).unique().execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('session_events').execute();
    await db.schema.alterTable('cdrs').dropColumn('line_outcome').execute();
    await db.schema.alterTable('sessions').dropColumn('line_outcome').execute();
  },
};

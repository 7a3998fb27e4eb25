import type { Kysely, Migration } from 'kysely';

/**
 * Each call's trace (its SIP ladder and RTP figures, domain/call-trace.ts) as JSON text, one row per
 * session, written after the CDR by the sip carrier's calls; sim calls have none. Kept apart from
 * `sessions` so the hot session writes never carry it, and read only by `openccc calls show`.
 */
export const sessionTraces: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('session_traces')
      .addColumn('session_id', 'text', (c) => c.primaryKey())
      .addColumn('trace', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('session_traces').execute();
  },
};

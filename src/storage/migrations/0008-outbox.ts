import type { Kysely, Migration } from 'kysely';

/**
 * The outbox: one row per delivery owed to one endpoint (a webhook or a TCCC data push), appended
 * in the same transaction as the session change it reports, with its delivery state beside it.
 * A claim (claimed_by until claimed_until) gives one sender the current attempt.
 */
export const outbox: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('endpoint_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('pending_since', 'bigint', (c) => c.notNull())
      .addColumn('last_attempt_at', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('claimed_by', 'text')
      .addColumn('claimed_until', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    // Claims seek an endpoint's due pending rows; the CLI lists by state through the same index.
    await db.schema
      .createIndex('outbox_state_endpoint_due')
      .on('outbox')
      .columns(['state', 'endpoint_id', 'next_attempt_at', 'seq'])
      .execute();
    // "Is an earlier message of this session to this endpoint still owed?" (every column an index
    // condition, so even a planner without statistics, as on a fresh table, seeks straight to it),
    // and a session's replay through its prefix.
    await db.schema
      .createIndex('outbox_session_endpoint_state_seq')
      .on('outbox')
      .columns(['session_id', 'endpoint_id', 'state', 'seq'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('outbox').execute();
  },
};

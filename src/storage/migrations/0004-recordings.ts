import type { Kysely, Migration } from 'kysely';

/**
 * Call recordings: one row per WAV file a call left, written once the file is complete. The id
 * is the public RecordId (random, never the session id); `path` is where the app asked the
 * carrier to write it, so the HTTP route serves only paths that come from here.
 */
export const recordings: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('recordings')
      .addColumn('recording_id', 'text', (c) => c.primaryKey())
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('channels', 'integer', (c) => c.notNull())
      .addColumn('duration_ms', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    // DescribeTelCdr joins a page of sessions to their recordings; the sweeper seeks by age.
    await db.schema.createIndex('recordings_session').on('recordings').column('session_id').execute();
    await db.schema.createIndex('recordings_created').on('recordings').column('created_at').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('recordings').execute();
  },
};

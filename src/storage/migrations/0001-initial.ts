import { sql, type Kysely, type Migration } from 'kysely';

/** Sessions, their CDRs and replay answers. Times are Unix ms (bigint); JSON is text. */

async function createSessionShape(db: Kysely<unknown>, table: 'sessions' | 'cdrs'): Promise<void> {
  await db.schema
    .createTable(table)
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
    .addColumn('ivr_id', 'bigint', (c) => c.notNull())
    .addColumn('callee', 'text', (c) => c.notNull())
    .addColumn('callee_e164', 'text', (c) => c.notNull())
    .addColumn('caller', 'text', (c) => c.notNull())
    .addColumn('direction', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('uui', 'text', (c) => c.notNull())
    .addColumn('variables', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('ring_at', 'bigint')
    .addColumn('accept_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    .addColumn('ivr_ended_at', 'bigint')
    .addColumn('end_status', 'integer')
    .addColumn('hung_up_side', 'text')
    .addColumn('key_presses', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .execute();
}

export const initial: Migration = {
  async up(db) {
    await createSessionShape(db, 'sessions');
    // listActive / listUnfinished; per-callee and per-caller outbound rule windows.
    await db.schema.createIndex('sessions_app_status').on('sessions').columns(['sdk_app_id', 'status']).execute();
    await db.schema
      .createIndex('sessions_app_callee_started')
      .on('sessions')
      .columns(['sdk_app_id', 'callee_e164', 'started_at'])
      .execute();
    await db.schema.createIndex('sessions_app_caller_started').on('sessions').columns(['sdk_app_id', 'caller', 'started_at']).execute();
    // listUnfinished at startup has no app to seek by; only live calls are in this index.
    await db.schema
      .createIndex('sessions_unfinished_started')
      .on('sessions')
      .column('started_at')
      .where(sql.ref('status'), '<>', 'finished')
      .execute();

    await createSessionShape(db, 'cdrs');
    // DescribeTelCdr: one app, a time range, newest first; session_id makes the order total.
    await db.schema.createIndex('cdrs_app_started').on('cdrs').columns(['sdk_app_id', 'started_at', 'session_id']).execute();

    await db.schema
      .createTable('idempotency')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('idempotency_expires').on('idempotency').column('expires_at').execute();
  },
  async down(db) {
    await db.schema.dropTable('idempotency').execute();
    await db.schema.dropTable('cdrs').execute();
    await db.schema.dropTable('sessions').execute();
  },
};

import type { Kysely, Migration } from 'kysely';

/**
 * CreateIVRSession ClientTokens: which session a token of an app stands for, for 24 hours, with a
 * hash of the request that first used it (a different request with the same token is refused).
 */
export const clientTokens: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('client_tokens')
      .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
      .addColumn('token', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('client_tokens_pkey', ['sdk_app_id', 'token'])
      .execute();
    await db.schema.createIndex('client_tokens_expires').on('client_tokens').column('expires_at').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('client_tokens').execute();
  },
};

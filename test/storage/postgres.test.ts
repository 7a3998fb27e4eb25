import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { defineStorageSuite } from './support/storage-suite.ts';
import { postgresTarget, postgresUrl, whenPostgres } from './support/storage-targets.ts';

await whenPostgres('storage on Postgres', () => {
  const target = postgresTarget();
  describe('storage on Postgres', () => {
    defineStorageSuite(target);

    test('tables and indexes live in the configured schema', async () => {
      const schema = target.config.kind === 'postgres' ? target.config.schema : undefined;
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      try {
        const r = await client.query<{ table_name: string }>(
          "select table_name from information_schema.tables where table_schema = $1 and table_name not like 'kysely%' order by table_name",
          [schema],
        );
        assert.deepStrictEqual(
          r.rows.map((x) => x.table_name),
          [
            'call_dialogs',
            'cdrs',
            'client_tokens',
            'cluster_nodes',
            'idempotency',
            'outbox',
            'recordings',
            'session_events',
            'session_traces',
            'sessions',
          ],
        );
        const ix = await client.query<{ indexname: string }>(
          "select indexname from pg_indexes where schemaname = $1 and indexname not like '%pkey' order by indexname",
          [schema],
        );
        assert.deepStrictEqual(
          ix.rows.map((x) => x.indexname),
          [
            'cdrs_app_started',
            'client_tokens_expires',
            'idempotency_expires',
            'outbox_session_endpoint_state_seq',
            'outbox_state_endpoint_due',
            'recordings_created',
            'recordings_session',
            'sessions_app_callee_started',
            'sessions_app_caller_started',
            'sessions_app_status',
            'sessions_unfinished_started',
          ],
        );
      } finally {
        await client.end();
      }
    });
  });
});

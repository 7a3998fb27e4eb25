import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PreparedStatements } from '../../src/storage/dialect/postgres-prepared.ts';
import { postgresUrl, whenPostgres } from './support/storage-targets.ts';

await whenPostgres('named prepared statements (Postgres not reachable)', () => {
  test('inserts run as named statements, one name per text, up to the bound; other statements stay unnamed', async () => {
    const schema = `openccc_test_prep_${process.pid}_${randomBytes(4).toString('hex')}`;
    const pool = new pg.Pool({ connectionString: postgresUrl, max: 1 });
    const prepared = new PreparedStatements(2);
    pool.on('connect', (c) => prepared.adopt(c));
    const client = await pool.connect();
    try {
      await client.query(`create schema "${schema}"`);
      await client.query(`set search_path to "${schema}"`);
      await client.query('create table t (a int, b int)');
      for (let i = 0; i < 3; i++) await client.query('insert into t (a) values ($1)', [i]);
      await client.query('insert into t (b) values ($1)', [1]);
      await client.query('insert into t (a, b) values ($1, $2)', [1, 2]); // past the bound: unnamed
      await client.query('update t set b = $1 where a = $2', [5, 0]);
      const rows = (await client.query('select count(*)::int as n, sum(a)::int as s from t where a is not null', [])).rows;
      assert.deepEqual(rows, [{ n: 4, s: 4 }]);
      const named = (await client.query('select name, statement from pg_prepared_statements order by name')).rows;
      assert.deepEqual(named, [
        { name: 'openccc_0', statement: 'insert into t (a) values ($1)' },
        { name: 'openccc_1', statement: 'insert into t (b) values ($1)' },
      ]);
    } finally {
      await client.query(`drop schema if exists "${schema}" cascade`);
      client.release();
      await pool.end();
    }
  });
});

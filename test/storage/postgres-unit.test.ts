import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { CompiledQuery } from 'kysely';
import { openPostgresDialect } from '../../src/storage/dialect/postgres-adapter.ts';
import { unitAsStatement } from '../../src/storage/dialect/postgres-unit.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { postgresUrl, whenPostgres } from './support/storage-targets.ts';

const q = (sql: string, ...parameters: unknown[]) => CompiledQuery.raw(sql, parameters);

test('a unit of writes becomes one statement: one CTE each, placeholders renumbered in order', () => {
  const one = unitAsStatement([q('insert into a (x, y) values ($1, $2)', 1, 2), q('delete from b where k = $1', 'k')], false)!;
  assert.equal(one.sql, 'with q0 as (insert into a (x, y) values ($1, $2)), q1 as (delete from b where k = $3) select 1 as applied');
  assert.deepEqual(one.parameters, [1, 2, 'k']);
});

test('guarded: the first write returns 1 and the outer select divides by its count', () => {
  const one = unitAsStatement([q('update s set v = $1 where id = $2', 1, 'a'), q('insert into e (id) values ($1)', 'a')], true)!;
  assert.match(one.sql, /^with q0 as \(update s set v = \$1 where id = \$2 returning 1\), q1 as \(insert into e \(id\) values \(\$3\)\) /);
  assert.match(one.sql, /select 1 \/ \(select count\(\*\)::int from q0\) as applied$/);
});

test('a $ inside a quoted literal or identifier is left alone; a lone $ or RETURNING or a read refuses', () => {
  const one = unitAsStatement([q(`insert into "t$1" (a) values ('$2 it''s', $1)`, 5), q('delete from b where k = $1', 'k')], false)!;
  assert.equal(
    one.sql,
    `with q0 as (insert into "t$1" (a) values ('$2 it''s', $1)), q1 as (delete from b where k = $2) select 1 as applied`,
  );
  assert.equal(unitAsStatement([q('insert into a values ($1) returning id', 1), q('delete from b')], false), undefined);
  assert.equal(unitAsStatement([q('select 1'), q('delete from b')], false), undefined);
  assert.equal(unitAsStatement([q('insert into a values ($$x$$)'), q('delete from b')], false), undefined);
  assert.equal(unitAsStatement([q(`insert into a values ('open`), q('delete from b')], false), undefined);
  assert.equal(unitAsStatement([q('insert into a values ($1)', 1)], false), undefined, 'a unit of one runs as it is');
});

test('property: every placeholder of every write maps to its own parameter, in order', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 2, maxLength: 8 }), (counts) => {
      let next = 0;
      const queries = counts.map((n) => {
        const values = Array.from({ length: n }, () => next++);
        const cols = values.map((_, i) => `$${i + 1}`).join(', ');
        return q(`insert into t (v) values (${cols || 'default'})`, ...values);
      });
      const one = unitAsStatement(queries, false)!;
      const used = [...one.sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]) - 1);
      assert.deepEqual(
        used.map((i) => one.parameters[i]),
        Array.from({ length: next }, (_, i) => i),
      );
    }),
  );
});

await whenPostgres('atomic units as one statement (Postgres not reachable)', () => {
  test('on Postgres a unit commits whole, a guarded unit whose first write changes nothing writes nothing, a failing one nothing', async () => {
    const schema = `openccc_test_unit_${process.pid}_${randomBytes(4).toString('hex')}`;
    const d = await openPostgresDialect(postgresUrl, schema, silentLogger);
    try {
      await d.db.schema
        .createTable('s')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('v', 'integer')
        .execute();
      await d.db.schema
        .createTable('e')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .execute();
      const ins = (id: string) =>
        d.db
          .insertInto('e' as never)
          .values({ id } as never)
          .compile();
      await d.db
        .insertInto('s' as never)
        .values({ id: 'a', v: 0 } as never)
        .execute();
      const update = (id: string) =>
        d.db
          .updateTable('s' as never)
          .set({ v: 1 } as never)
          .where('id' as never, '=', id as never)
          .compile();
      assert.equal(await d.runAtomically([update('a'), ins('e1'), ins('e2')], { guarded: true }), true);
      assert.equal(await d.runAtomically([update('nobody'), ins('e3')], { guarded: true }), false);
      await assert.rejects(d.runAtomically([ins('e4'), ins('e1')]), /duplicate key/);
      const ids = (await d.db
        .selectFrom('e' as never)
        .select('id' as never)
        .orderBy('id' as never)
        .execute()) as { id: string }[];
      assert.deepEqual(
        ids.map((r) => r.id),
        ['e1', 'e2'],
        'the fenced unit wrote no e3, the failing one no e4',
      );
    } finally {
      await d.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await d.db.destroy();
    }
  });
});

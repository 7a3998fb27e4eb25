import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { cachingStatements } from '../../src/storage/dialect/sqlite-statement-cache.ts';

test('the same SQL reuses one prepared statement; the oldest is evicted past the bound', () => {
  const conn = new BetterSqlite3(':memory:');
  const db = cachingStatements(conn, 2);
  const a = db.prepare('select 1');
  assert.equal(db.prepare('select 1'), a);
  const b = db.prepare('select 2');
  db.prepare('select 3'); // evicts "select 1"
  assert.equal(db.prepare('select 2'), b);
  assert.notEqual(db.prepare('select 1'), a);
  assert.deepStrictEqual(db.prepare('select 7 as n').all([]), [{ n: 7 }]);
  db.close();
  assert.equal(conn.open, false);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { StatementCache } from '../../src/storage/dialect/sqlite/statement-cache.ts';

test('the same SQL reuses one prepared statement; the oldest is evicted past the bound', () => {
  const conn = new BetterSqlite3(':memory:');
  try {
    const cache = new StatementCache(conn, 2);
    const a = cache.get('select 1');
    assert.equal(cache.get('select 1'), a);
    const b = cache.get('select 2');
    cache.get('select 3'); // evicts "select 1"
    assert.equal(cache.get('select 2'), b);
    assert.notEqual(cache.get('select 1'), a);
    assert.deepStrictEqual(cache.get('select 7 as n').all(), [{ n: 7 }]);
  } finally {
    conn.close();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromSessionRow, SESSION_VALUE_COLUMNS, toSessionRow } from '../../src/storage/rows/session-row.ts';
import { sessionRecordArb } from './support/session-arbitrary.ts';
import { aFinishedSession } from './support/fixtures.ts';

test('property: record -> row -> record is the identity', () => {
  fc.assert(
    fc.property(sessionRecordArb, (s) => {
      assert.deepStrictEqual(fromSessionRow(toSessionRow(s)), s);
    }),
    { numRuns: 500 },
  );
});

test('property: rows hold JSON text and numbers only where the columns say so', () => {
  fc.assert(
    fc.property(sessionRecordArb, (s) => {
      const row = toSessionRow(s);
      assert.equal(typeof row.variables, 'string');
      assert.equal(typeof row.key_presses, 'string');
      assert.deepStrictEqual(JSON.parse(row.variables), s.variables);
      assert.equal(typeof row.started_at, 'number');
    }),
  );
});

test('the upsert column list is every column but the key', () => {
  const row = toSessionRow(aFinishedSession());
  assert.deepStrictEqual(
    [...SESSION_VALUE_COLUMNS].sort(),
    Object.keys(row)
      .filter((k) => k !== 'session_id')
      .sort(),
  );
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'node:querystring';
import fc from 'fast-check';
import { unflattenParams } from '../../../src/gateway/params/unflatten.ts';
import { flattenParams } from '../../support/flatten-params.ts';
import { parseQuery } from '../../../src/gateway/params/form.ts';
import { ApiError } from '../../../src/shared/errors.ts';
import { sdkMergeData } from '../auth/support/sdk.ts';

const invalidParameter = (e: unknown) => e instanceof ApiError && e.code === 'InvalidParameter';

describe('unflattenParams', () => {
  test('dotted names become lists and objects; values stay strings', () => {
    const flat = {
      'Variables.0.Key': 'a',
      'Variables.0.Value': 'b',
      'Variables.1.Key': 'c',
      'Variables.1.Value': 'd',
      'Callers.1': 'y',
      'Callers.0': 'x',
      SdkAppId: '1400000000',
    };
    assert.deepEqual(unflattenParams(flat), {
      Variables: [
        { Key: 'a', Value: 'b' },
        { Key: 'c', Value: 'd' },
      ],
      Callers: ['x', 'y'],
      SdkAppId: '1400000000',
    });
  });

  test('lists of lists and objects inside objects', () => {
    assert.deepEqual(unflattenParams({ 'M.0.0': 'a', 'M.0.1': 'b', 'M.1.0': 'c', 'F.Name': 'n', 'F.Values.0': 'v' }), {
      M: [['a', 'b'], ['c']],
      F: { Name: 'n', Values: ['v'] },
    });
    assert.deepEqual(unflattenParams({}), {});
  });

  test('gaps in a list -> InvalidParameter, never holes', () => {
    const gapped: Record<string, string>[] = [
      { 'Callers.5': 'x' },
      { 'Callers.0': 'x', 'Callers.2': 'z' },
      { 'Callers.1': 'y', 'Callers.2': 'z' },
      { 'V.0.Key': 'a', 'V.2.Key': 'b', 'V.3.Key': 'c' },
      // Within the index bound (enough names), yet a gap: only the density check catches these.
      { 'Callers.1': 'y', SdkAppId: '1' },
      { 'V.0.Key': 'a', 'V.0.W.1': 'b', X: '1', Y: '2' },
    ];
    for (const flat of gapped) {
      assert.throws(() => unflattenParams(flat), invalidParameter, JSON.stringify(flat));
    }
  });

  test('huge indices are refused without allocating for them', () => {
    assert.throws(() => unflattenParams({ 'Callers.4294967294': 'x' }), invalidParameter);
    assert.throws(() => unflattenParams({ 'Callers.99999999999999999999': 'x' }), invalidParameter);
  });

  test('malformed names -> InvalidParameter', () => {
    const bad: Record<string, string>[] = [
      { 'Callers.01': 'x' }, // leading zero
      { 'A..B': 'x' },
      { '.A': 'x' },
      { 'A.': 'x' },
      { '': 'x' },
      { '0': 'x' }, // top-level index
      { 'Callers.0': 'x', 'Callers.Name': 'y' }, // list and object at once
      { 'F.Name': 'x', 'F.0': 'y' },
      { A: 'x', 'A.0': 'y' }, // plain value and list at once
      { 'A.0': 'y', A: 'x' },
      { 'A.0': 'x', 'A.0.Key': 'y' },
      { 'A.0.Key': 'y', 'A.0': 'x' },
      { '__proto__.polluted': 'x' },
      { 'A.__proto__': 'x' },
      { 'A.0.__proto__': 'x' },
    ];
    for (const flat of bad) assert.throws(() => unflattenParams(flat), invalidParameter, JSON.stringify(flat));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('names that shadow Object.prototype members are ordinary names', () => {
    assert.deepEqual(unflattenParams({ 'constructor.0': 'a', 'A.toString': 'b', hasOwnProperty: 'c' }), {
      constructor: ['a'],
      A: { toString: 'b' },
      hasOwnProperty: 'c',
    });
  });

  test('never throws anything but ApiError InvalidParameter, whatever the names', () => {
    const segment = fc.oneof(fc.constantFrom('0', '1', '2', '01', '', 'A', 'Key', '__proto__', 'constructor'), fc.string({ maxLength: 4 }));
    const name = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('.'));
    fc.assert(
      fc.property(fc.dictionary(name, fc.string({ maxLength: 5 }), { maxKeys: 10 }), (flat) => {
        try {
          const out = unflattenParams(flat);
          assert.deepEqual(flattenParams(out), { ...flat }, 'whatever is accepted flattens back to the input');
        } catch (e) {
          assert.ok(invalidParameter(e), String(e));
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('unflatten inverts the SDK mergeData, through the query string', () => {
  const str = fc.string({ unit: 'grapheme', maxLength: 12 });
  const nested = fc.record(
    {
      SdkAppId: fc.integer({ min: 1 }).map(String),
      Callers: fc.array(str, { minLength: 1, maxLength: 12 }),
      Variables: fc.array(fc.record({ Key: str, Value: str }, { noNullPrototype: true }), { minLength: 1, maxLength: 12 }),
      Filters: fc.array(fc.record({ Name: str, Values: fc.array(str, { minLength: 1, maxLength: 3 }) }, { noNullPrototype: true }), {
        minLength: 1,
        maxLength: 3,
      }),
    },
    { requiredKeys: ['SdkAppId'], noNullPrototype: true },
  );

  test('unflatten(parse(stringify(mergeData(x)))) = x, and flattenParams = mergeData', () => {
    fc.assert(
      fc.property(nested, (x) => {
        const flat = sdkMergeData(x);
        assert.deepEqual(flattenParams(x), flat);
        assert.deepEqual(unflattenParams(parseQuery(stringify(flat))), x);
      }),
      { numRuns: 500 },
    );
  });
});

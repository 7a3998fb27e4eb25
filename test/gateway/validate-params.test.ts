import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { validateParams } from '../../src/gateway/validate-params.ts';
import { ApiError } from '../../src/shared/errors.ts';

const schema = z.strictObject({
  SdkAppId: z.number().int().positive(),
  Callee: z.string(),
  Variables: z.array(z.strictObject({ Key: z.string(), Value: z.string() })).optional(),
  Limit: z.number().int().max(25).optional(),
});

function codeOf(data: Record<string, unknown>, fromForm = false): string {
  try {
    validateParams(schema, data, fromForm);
    return 'ok';
  } catch (err) {
    assert.ok(err instanceof ApiError);
    return `${err.code}: ${err.message}`;
  }
}

test('unknown parameters win over missing ones, missing over wrong types', () => {
  assert.match(codeOf({ Foo: 1 }), /^UnknownParameter: .*`Foo`/);
  assert.match(codeOf({ SdkAppId: 'x' }), /^MissingParameter: .*`Callee`/);
  assert.match(codeOf({ SdkAppId: 'x', Callee: 'a' }), /^InvalidParameter: .*`SdkAppId`/);
  assert.match(codeOf({ SdkAppId: 1, Callee: 'a', Variables: [{ Key: 'k', Value: 'v', X: 1 }] }), /^UnknownParameter: .*`Variables.0.X`/);
  assert.match(codeOf({ SdkAppId: 1, Callee: 'a', Limit: 26 }), /^InvalidParameterValue: .*`Limit`/);
});

test('form values are converted where the schema wants numbers, and only there', () => {
  assert.equal(codeOf({ SdkAppId: '1400000000', Callee: '123', Limit: '5' }, true), 'ok');
  assert.match(codeOf({ SdkAppId: '1400000000', Callee: '123' }, false), /^InvalidParameter/);
  assert.match(codeOf({ SdkAppId: '14x', Callee: '123' }, true), /^InvalidParameter/);
  const v = validateParams(schema, { SdkAppId: '7', Callee: '0086123' }, true);
  assert.deepEqual(v, { SdkAppId: 7, Callee: '0086123' });
});

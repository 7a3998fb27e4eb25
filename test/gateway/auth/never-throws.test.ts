import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { verifyTc3, type HttpRequestView } from '../../../src/gateway/auth/tc3.ts';
import { verifyV1 } from '../../../src/gateway/auth/v1.ts';
import { isErrorCode } from '../../../src/shared/errors.ts';
import { ID, KEY, TS, keyFor, sdkPost } from './support/sdk-view.ts';

const headerName = fc.constantFrom('authorization', 'host', 'content-type', 'x-tc-timestamp', 'x-tc-token', 'x-tc-action', 'x-other');
const base = sdkPost({ Limit: 1 });
/** Mutations of a real SDK Authorization: most inputs then get past the parser and exercise the rest. */
const authorizationArb = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.tuple(fc.nat(400), fc.nat(20), fc.string({ maxLength: 20 })).map(([at, del, ins]) => {
    const a = base.headers.authorization!;
    return a.slice(0, at) + ins + a.slice(at + del);
  }),
);
const headersArb = fc
  .record({
    authorization: fc.option(authorizationArb, { nil: undefined }),
    'x-tc-timestamp': fc.option(fc.oneof(fc.constant(String(TS)), fc.string({ maxLength: 25 }), fc.bigInt().map(String)), {
      nil: undefined,
    }),
    host: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
  })
  .chain((known) =>
    fc
      .dictionary(headerName, fc.string({ maxLength: 60 }), { maxKeys: 4 })
      .map((more) => ({ ...more, ...known, 'content-type': 'application/json' })),
  );

const viewArb: fc.Arbitrary<HttpRequestView> = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', ''),
  path: fc.string({ maxLength: 10 }),
  rawQuery: fc.string({ maxLength: 40 }),
  headers: headersArb,
  body: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
});

function wellFormed(r: ReturnType<typeof verifyTc3>): void {
  if (r.ok) assert.equal(r.secretId, ID);
  else assert.ok(isErrorCode(r.code) && r.message.length > 0, JSON.stringify(r));
}

describe('the verifiers never throw, whatever arrives', () => {
  test('verifyTc3 on arbitrary headers, bodies and clocks', () => {
    fc.assert(
      fc.property(viewArb, fc.integer({ min: -1e12, max: 1e12 }), fc.nat(100_000), (v, now, win) => {
        wellFormed(verifyTc3(v, keyFor, now, win));
        wellFormed(verifyTc3(v, keyFor, TS, 300));
      }),
      { numRuns: 1000 },
    );
  });

  test('verifyV1 on arbitrary parameters', () => {
    const paramName = fc.constantFrom(
      'SecretId',
      'Signature',
      'Nonce',
      'Timestamp',
      'SignatureMethod',
      'Token',
      'Action',
      'x',
      '__proto__',
      'constructor',
    );
    const paramsArb = fc.dictionary(
      paramName,
      fc.oneof(fc.string({ maxLength: 30 }), fc.constant(ID), fc.constant(String(TS)), fc.constant('HmacSHA256')),
      { maxKeys: 8 },
    );
    fc.assert(
      fc.property(viewArb, paramsArb, fc.integer({ min: -1e12, max: 1e12 }), (v, params, now) => {
        wellFormed(verifyV1(v, params, (id) => (id === ID ? KEY : undefined), now, 300));
        wellFormed(verifyV1(v, params, keyFor, TS, 300));
      }),
      { numRuns: 1000 },
    );
  });
});

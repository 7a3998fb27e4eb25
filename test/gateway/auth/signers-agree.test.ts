import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'node:querystring';
import fc from 'fast-check';
import { signTc3 } from '../../support/sign-tc3.ts';
import { signV1 } from '../../support/sign-v1.ts';
import { verifyTc3, type HttpRequestView } from '../../../src/gateway/auth/tc3.ts';
import { verifyV1 } from '../../../src/gateway/auth/v1.ts';
import { parseQuery } from '../../../src/gateway/params/form.ts';
import { SdkSign, sdkFormatSignString } from './support/sdk.ts';

const hostArb = fc
  .tuple(
    fc.constantFrom('127.0.0.1', 'localhost', 'ccc.tencentcloudapi.com', 'api.example.org', '[::1]'),
    fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  )
  .map(([h, port]) => (port === undefined ? h : `${h}:${port}`));
const tsArb = fc.integer({ min: 0, max: 4_102_444_800 });
const secretArb = fc.string({ minLength: 1, maxLength: 40 });
const paramsArb = fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9.]{0,12}$/), fc.string({ unit: 'grapheme', maxLength: 20 }), {
  maxKeys: 6,
});

describe('our signers agree with the official SDK byte for byte', () => {
  test('signTc3 = Sign.sign3 for POST bodies, hosts, timestamps, keys', () => {
    fc.assert(
      fc.property(hostArb, tsArb, secretArb, fc.string({ unit: 'grapheme', maxLength: 200 }), (host, ts, key, body) => {
        const service = host.split('.')[0]!;
        const ours = signTc3({ secretId: 'AKIDx', secretKey: key, host, service, action: 'A', version: 'V', timestampSec: ts, body });
        const theirs = SdkSign.sign3({
          url: `http://${host}/`,
          payload: Buffer.from(body),
          timestamp: ts,
          service,
          secretId: 'AKIDx',
          secretKey: key,
          multipart: false,
          headers: { 'Content-Type': 'application/json' },
        });
        assert.equal(ours.Authorization, theirs);
      }),
      { numRuns: 300 },
    );
  });

  test('signTc3 = Sign.sign3 for GET with the query the SDK sends', () => {
    fc.assert(
      fc.property(hostArb, tsArb, secretArb, paramsArb, (host, ts, key, params) => {
        const url = new URL(`http://${host}/?${stringify(params)}`);
        const query = url.search.slice(1);
        const ours = signTc3({
          secretId: 'AKIDx',
          secretKey: key,
          host,
          service: 's',
          action: 'A',
          version: 'V',
          timestampSec: ts,
          method: 'GET',
          query,
        });
        const theirs = SdkSign.sign3({
          method: 'GET',
          url: url.href,
          payload: '',
          timestamp: ts,
          service: 's',
          secretId: 'AKIDx',
          secretKey: key,
          multipart: false,
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        });
        assert.equal(ours.Authorization, theirs);
      }),
      { numRuns: 200 },
    );
  });

  test('signV1 = formatSignString + Sign.sign for both methods', () => {
    fc.assert(
      fc.property(
        hostArb,
        tsArb,
        secretArb,
        paramsArb,
        fc.constantFrom('HmacSHA1', 'HmacSHA256') as fc.Arbitrary<'HmacSHA1' | 'HmacSHA256'>,
        fc.constantFrom('GET', 'POST') as fc.Arbitrary<'GET' | 'POST'>,
        (host, ts, key, params, signatureMethod, method) => {
          const ours = signV1({
            secretId: 'AKIDx',
            secretKey: key,
            host,
            action: 'A',
            version: 'V',
            timestampSec: ts,
            nonce: 7,
            params,
            signatureMethod,
            method,
          });
          const unsigned = Object.fromEntries(Object.entries(ours).filter(([k]) => k !== 'Signature'));
          assert.equal(ours.Signature, SdkSign.sign(key, sdkFormatSignString(host, method, unsigned), signatureMethod));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('what our signers produce, our verifiers accept', () => {
  test('TC3 POST and GET', () => {
    fc.assert(
      fc.property(
        hostArb,
        tsArb,
        fc.string({ maxLength: 100 }),
        paramsArb,
        fc.boolean(),
        fc.boolean(),
        (host, ts, body, params, get, withPort) => {
          const query = get ? stringify(params) : '';
          const h = signTc3({
            secretId: 'AKIDx',
            secretKey: 'k',
            host,
            service: 'ccc',
            action: 'A',
            version: 'V',
            timestampSec: ts,
            body,
            method: get ? 'GET' : 'POST',
            query,
            signHostWithPort: withPort,
          });
          const lower = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
          const view: HttpRequestView = {
            method: get ? 'GET' : 'POST',
            path: '/',
            rawQuery: query,
            headers: lower,
            body: Buffer.from(body),
          };
          const r = verifyTc3(view, (id) => (id === 'AKIDx' ? 'k' : undefined), ts, 300);
          assert.ok(r.ok, JSON.stringify(r));
        },
      ),
      { numRuns: 200 },
    );
  });

  test('v1 GET through the query string', () => {
    fc.assert(
      fc.property(hostArb, tsArb, paramsArb, (host, ts, params) => {
        const signed = signV1({
          secretId: 'AKIDx',
          secretKey: 'k',
          host,
          action: 'A',
          version: 'V',
          timestampSec: ts,
          nonce: 1,
          params,
          signatureMethod: 'HmacSHA256',
        });
        const rawQuery = stringify(signed);
        const r = verifyV1(
          { method: 'GET', path: '/', rawQuery, headers: { host }, body: Buffer.alloc(0) },
          parseQuery(rawQuery),
          () => 'k',
          ts,
          300,
        );
        assert.ok(r.ok, JSON.stringify(r));
      }),
      { numRuns: 200 },
    );
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'node:querystring';
import fc from 'fast-check';
import { parseFormBody, parseQuery } from '../../../src/gateway/params/form.ts';
import { ApiError } from '../../../src/shared/errors.ts';

const invalidParameter = (e: unknown) => e instanceof ApiError && e.code === 'InvalidParameter';

describe('query and form decoding', () => {
  test('percent-encoding, + as space, UTF-8, empty values', () => {
    assert.deepEqual(parseQuery('A=1&B=x%20y+z&C=%E5%BC%A0%E4%B8%89&D=&E'), { A: '1', B: 'x y z', C: '张三', D: '', E: '' });
    assert.deepEqual(parseQuery(''), {});
  });

  test('a form body decodes like a query string', () => {
    assert.deepEqual(parseFormBody(Buffer.from('Action=CreateIVRSession&Variables.0.Value=%F0%9F%99%82')), {
      Action: 'CreateIVRSession',
      'Variables.0.Value': '🙂',
    });
  });

  test('a name given twice -> InvalidParameter', () => {
    assert.throws(() => parseQuery('A=1&A=2'), invalidParameter);
    assert.throws(() => parseFormBody(Buffer.from('Signature=a&Signature=b')), invalidParameter);
  });

  test('__proto__ as a name -> InvalidParameter, never a prototype change', () => {
    assert.throws(() => parseQuery('__proto__=x'), invalidParameter);
  });

  test('more than 1000 names are all kept (no silent truncation)', () => {
    const many = Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`P${i}`, String(i)]));
    assert.equal(Object.keys(parseQuery(stringify(many))).length, 1500);
  });

  test('decoding inverts the SDK encoding (querystring.stringify) for any distinct names and values', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ minLength: 1, maxLength: 10 }).filter((k) => k !== '__proto__'),
          fc.string({ unit: 'grapheme', maxLength: 20 }),
        ),
        (d) => {
          assert.deepEqual(parseQuery(stringify(d)), { ...d });
        },
      ),
    );
  });

  test('malformed percent-encoding never throws anything but ApiError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        try {
          parseQuery(s);
        } catch (e) {
          assert.ok(invalidParameter(e), String(e));
        }
      }),
    );
    assert.deepEqual(parseQuery('A=%E5%BC&B=%zz'), { A: '\uFFFD', B: '%zz' });
  });
});

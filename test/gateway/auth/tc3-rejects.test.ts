import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyTc3, type AuthResult, type HttpRequestView } from '../../../src/gateway/auth/tc3.ts';
import { ID, KEY, TS, keyFor, sdkPost, withHeaders } from './support/sdk-view.ts';

const BODY = { SdkAppId: 1400000000, Offset: 0, Limit: 10 };
const base = sdkPost(BODY);
const codeOf = (r: AuthResult) => (r.ok ? 'ok' : r.code);
const verify = (v: HttpRequestView, now = TS) => codeOf(verifyTc3(v, keyFor, now, 300));

describe('TC3 rejections, each with the common error code Tencent Cloud uses', () => {
  test('the untouched SDK request passes (the baseline every case below changes one thing of)', () => {
    assert.equal(verify(base), 'ok');
  });

  test('tampering with anything signed -> AuthFailure.SignatureFailure', () => {
    const cases: Record<string, HttpRequestView> = {
      body: { ...base, body: Buffer.from(JSON.stringify({ ...BODY, Limit: 11 })) },
      'body whitespace': { ...base, body: Buffer.from(JSON.stringify(BODY, null, 1)) },
      'content-type': withHeaders(base, { 'content-type': 'application/json; charset=utf-8' }),
      'host name': withHeaders(base, { host: '127.0.0.2:8080' }),
      'timestamp, same day': withHeaders(base, { 'x-tc-timestamp': String(TS + 1) }),
      method: { ...base, method: 'PUT' },
      path: { ...base, path: '/v2' },
      query: { ...base, rawQuery: 'Limit=1' },
      'missing content-type': withHeaders(base, { 'content-type': undefined }),
      'missing host': withHeaders(base, { host: undefined }),
    };
    for (const [what, v] of Object.entries(cases)) assert.equal(verify(v), 'AuthFailure.SignatureFailure', what);
    assert.equal(verify(sdkPost(BODY, { key: `${KEY}x` })), 'AuthFailure.SignatureFailure', 'other secret key');
  });

  test('the port is not signed by the SDK, so reaching us by another port still verifies', () => {
    assert.equal(verify(withHeaders(base, { host: '127.0.0.1:9090' })), 'ok');
    assert.equal(verify(withHeaders(base, { host: '127.0.0.1' })), 'ok');
  });

  test('timestamp window: 300 s either way passes, 301 s is AuthFailure.SignatureExpire', () => {
    assert.equal(verify(base, TS + 300), 'ok');
    assert.equal(verify(base, TS - 300), 'ok');
    assert.equal(verify(base, TS + 301), 'AuthFailure.SignatureExpire');
    assert.equal(verify(base, TS - 301), 'AuthFailure.SignatureExpire');
    assert.equal(codeOf(verifyTc3(base, keyFor, TS + 30, 10)), 'AuthFailure.SignatureExpire');
  });

  test('X-TC-Timestamp missing -> MissingParameter; not a number -> InvalidParameter', () => {
    assert.equal(verify(withHeaders(base, { 'x-tc-timestamp': undefined })), 'MissingParameter');
    for (const bad of ['abc', '1.5', '-1', ' 1700000000', '1e9']) {
      assert.equal(verify(withHeaders(base, { 'x-tc-timestamp': bad })), 'InvalidParameter', bad);
    }
  });

  test('unknown SecretId -> AuthFailure.SecretIdNotFound', () => {
    assert.equal(codeOf(verifyTc3(base, () => undefined, TS, 300)), 'AuthFailure.SecretIdNotFound');
  });

  test('malformed Authorization -> AuthFailure.InvalidAuthorization', () => {
    const auth = base.headers.authorization!;
    const garbage = [
      '',
      'garbage',
      'Bearer abc',
      auth.replace('TC3-HMAC-SHA256', 'TC3-HMAC-SHA1'),
      auth.replace('/tc3_request', '/tc2_request'),
      auth.replace('SignedHeaders=', 'Signed='),
      auth.replace(/Signature=.*/, 'Signature='),
      auth.replace('Credential=', 'Credential= '),
      auth.replace('SignedHeaders=content-type;host', 'SignedHeaders=Content-Type;Host'),
    ];
    for (const a of garbage) assert.equal(verify(withHeaders(base, { authorization: a })), 'AuthFailure.InvalidAuthorization', a);
    assert.equal(verify(withHeaders(base, { authorization: undefined })), 'AuthFailure.InvalidAuthorization');
  });

  test('SignedHeaders without host or content-type -> AuthFailure.InvalidAuthorization', () => {
    const auth = base.headers.authorization!;
    for (const sh of ['content-type', 'host', 'host;x-tc-action']) {
      assert.equal(
        verify(withHeaders(base, { authorization: auth.replace('content-type;host', sh) })),
        'AuthFailure.InvalidAuthorization',
        sh,
      );
    }
  });

  test('a scope date other than the UTC date of X-TC-Timestamp -> AuthFailure.InvalidAuthorization', () => {
    const auth = base.headers.authorization!.replace('/2023-11-14/', '/2023-11-15/');
    assert.equal(verify(withHeaders(base, { authorization: auth })), 'AuthFailure.InvalidAuthorization');
    // Signed at 23:59:59 UTC but sent with a timestamp 2 s later (next day): also a scope mismatch.
    const late = sdkPost(BODY, { ts: 1_700_006_399 });
    assert.equal(verify(late, 1_700_006_399), 'ok');
    assert.equal(verify(withHeaders(late, { 'x-tc-timestamp': '1700006401' }), 1_700_006_399), 'AuthFailure.InvalidAuthorization');
  });

  test('X-TC-Token (temporary credentials) -> AuthFailure.TokenFailure', () => {
    assert.equal(verify(withHeaders(base, { 'x-tc-token': 'tmp-token' })), 'AuthFailure.TokenFailure');
  });

  test('the signature is compared exactly (case, length)', () => {
    const auth = base.headers.authorization!;
    const sig = auth.slice(auth.lastIndexOf('=') + 1);
    for (const s of [sig.toUpperCase(), sig.slice(1), `${sig}0`]) {
      assert.equal(verify(withHeaders(base, { authorization: auth.replace(sig, s) })), 'AuthFailure.SignatureFailure', s);
    }
  });

  test('the SecretId in the credential is the one authenticated', () => {
    const r = verifyTc3(base, keyFor, TS, 300);
    assert.ok(r.ok);
    assert.equal(r.secretId, ID);
  });
});

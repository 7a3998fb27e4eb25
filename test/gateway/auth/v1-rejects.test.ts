import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyV1 } from '../../../src/gateway/auth/v1.ts';
import type { AuthResult, HttpRequestView } from '../../../src/gateway/auth/tc3.ts';
import { SdkSign, sdkFormatSignString } from './support/sdk.ts';
import { ID, KEY, TS, keyFor } from './support/sdk-view.ts';

type Params = Record<string, string>;

/** Params as the SDK's formatRequestData builds and signs them for a client at `endpoint`. */
function sdkParams(over: Params = {}, endpoint = 'ccc.tencentcloudapi.com', reqMethod: 'GET' | 'POST' = 'GET', key = KEY): Params {
  const p: Params = {
    SdkAppId: '1400000000',
    Action: 'DescribeNumbers',
    Version: '2020-02-10',
    Nonce: '4711',
    Timestamp: String(TS),
    SecretId: ID,
    SignatureMethod: 'HmacSHA256',
    ...over,
  };
  p.Signature = SdkSign.sign(key, sdkFormatSignString(endpoint, reqMethod, p), p.SignatureMethod ?? 'HmacSHA1');
  return p;
}
const req = (host = 'ccc.tencentcloudapi.com', method = 'GET'): HttpRequestView => ({
  method,
  path: '/',
  rawQuery: '',
  headers: { host },
  body: Buffer.alloc(0),
});
const codeOf = (r: AuthResult) => (r.ok ? 'ok' : r.code);
const verify = (p: Params, v = req(), now = TS) => codeOf(verifyV1(v, p, keyFor, now, 300));
const without = (p: Params, name: string) => Object.fromEntries(Object.entries(p).filter(([k]) => k !== name));

describe('v1 rejections', () => {
  const base = sdkParams();

  test('baseline: the SDK-signed parameters verify', () => {
    assert.equal(verify(base), 'ok');
  });

  test('SignatureMethod absent means HmacSHA1 (the v1 doc default)', () => {
    const p = without(sdkParams({ SignatureMethod: 'HmacSHA1' }), 'SignatureMethod');
    p.Signature = SdkSign.sign(KEY, sdkFormatSignString('ccc.tencentcloudapi.com', 'GET', without(p, 'Signature')), 'HmacSHA1');
    assert.equal(verify(p), 'ok');
  });

  test('tampering -> AuthFailure.SignatureFailure', () => {
    assert.equal(verify({ ...base, SdkAppId: '1400000001' }), 'AuthFailure.SignatureFailure', 'value');
    assert.equal(verify({ ...base, Extra: '1' }), 'AuthFailure.SignatureFailure', 'added parameter');
    assert.equal(verify(without(base, 'SdkAppId')), 'AuthFailure.SignatureFailure', 'removed parameter');
    assert.equal(verify(base, req('ccc.tencentcloudapi.com', 'POST')), 'AuthFailure.SignatureFailure', 'method');
    assert.equal(verify(base, req('cvm.tencentcloudapi.com')), 'AuthFailure.SignatureFailure', 'host');
    assert.equal(verify({ ...base, Signature: base.Signature!.slice(0, -2) }), 'AuthFailure.SignatureFailure', 'signature');
    assert.equal(verify(sdkParams({}, undefined, undefined, `${KEY}x`)), 'AuthFailure.SignatureFailure', 'secret');
    assert.equal(verify({ ...base, Timestamp: String(TS + 1) }), 'AuthFailure.SignatureFailure', 'timestamp');
  });

  test('host: the SDK signs its endpoint with the port; a bare host name is accepted too', () => {
    assert.equal(verify(sdkParams({}, '127.0.0.1:8080'), req('127.0.0.1:8080')), 'ok');
    assert.equal(verify(sdkParams({}, '127.0.0.1'), req('127.0.0.1:8080')), 'ok');
    assert.equal(verify(sdkParams({}, '127.0.0.1:8080'), req('127.0.0.1:9090')), 'AuthFailure.SignatureFailure');
    assert.equal(verify(sdkParams({}, 'localhost:8080', 'POST'), req('localhost:8080', 'POST')), 'ok');
  });

  test('missing SecretId, Signature or Nonce -> MissingParameter', () => {
    for (const name of ['SecretId', 'Signature', 'Nonce', 'Timestamp']) assert.equal(verify(without(base, name)), 'MissingParameter', name);
    assert.equal(verify({ ...base, Nonce: '' }), 'MissingParameter');
  });

  test('Nonce or Timestamp not a number -> InvalidParameter', () => {
    assert.equal(verify({ ...base, Nonce: 'abc' }), 'InvalidParameter');
    assert.equal(verify({ ...base, Timestamp: 'now' }), 'InvalidParameter');
  });

  test('SignatureMethod other than HmacSHA1/HmacSHA256 -> UnsupportedOperation', () => {
    for (const m of ['HmacMD5', 'TC3-HMAC-SHA256', 'hmacsha1', ''])
      assert.equal(verify({ ...base, SignatureMethod: m }), 'UnsupportedOperation', m);
  });

  test('timestamp window: 300 s passes, 301 s is AuthFailure.SignatureExpire, both ways', () => {
    assert.equal(verify(base, req(), TS + 300), 'ok');
    assert.equal(verify(base, req(), TS - 300), 'ok');
    assert.equal(verify(base, req(), TS + 301), 'AuthFailure.SignatureExpire');
    assert.equal(verify(base, req(), TS - 301), 'AuthFailure.SignatureExpire');
  });

  test('unknown SecretId -> AuthFailure.SecretIdNotFound; Token -> AuthFailure.TokenFailure', () => {
    assert.equal(codeOf(verifyV1(req(), base, () => undefined, TS, 300)), 'AuthFailure.SecretIdNotFound');
    assert.equal(verify(sdkParams({ Token: 't' })), 'AuthFailure.TokenFailure');
  });
});

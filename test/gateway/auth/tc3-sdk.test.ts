import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyTc3, type HttpRequestView } from '../../../src/gateway/auth/tc3.ts';
import { captureSdkRequest } from './support/capture.ts';
import { SdkSign } from './support/sdk.ts';

const ID = 'AKIDopenccctest0000000000000000000';
const KEY = 'openccc-test-secret-key-000000000';
const keyFor = (id: string) => (id === ID ? KEY : undefined);
const now = () => Math.floor(Date.now() / 1000);
const PARAMS = {
  SdkAppId: 1400000000,
  Callee: '008613800000000',
  IVRId: 4500,
  Callers: ['008675500000000', '008675500000001'],
  Variables: [
    { Key: 'name', Value: '张三 & co=1' },
    { Key: 'amount', Value: '12.50' },
  ],
  UUI: 'über',
};

describe('TC3: requests sent by the official, unmodified SDK verify', () => {
  for (const hostName of ['127.0.0.1', 'localhost'] as const) {
    test(`POST JSON to endpoint ${hostName}:PORT (scope service = endpoint up to its first dot, host signed without port)`, async () => {
      const { view, port } = await captureSdkRequest({
        secretId: ID,
        secretKey: KEY,
        hostName,
        action: 'CreateIVRSession',
        params: PARAMS,
      });
      assert.equal(view.headers.host, `${hostName}:${port}`);
      // The SDK takes endpoint.split('.')[0]: `127` for 127.0.0.1:PORT, but `localhost:PORT`, port and all.
      const service = `${hostName}:${port}`.split('.')[0];
      assert.ok((view.headers.authorization ?? '').includes(`/${service}/tc3_request`), view.headers.authorization);
      const r = verifyTc3(view, keyFor, now(), 300);
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.secretId, ID);
      assert.equal(r.scheme, 'TC3-HMAC-SHA256');
      assert.equal(String(r.timestampSec), view.headers['x-tc-timestamp']);
    });
  }

  test('GET with nested parameters in the query string', async () => {
    const { view } = await captureSdkRequest({
      secretId: ID,
      secretKey: KEY,
      hostName: '127.0.0.1',
      reqMethod: 'GET',
      action: 'CreateIVRSession',
      params: PARAMS,
    });
    assert.equal(view.method, 'GET');
    assert.match(view.rawQuery, /Variables\.0\.Key=name/);
    const r = verifyTc3(view, keyFor, now(), 300);
    assert.ok(r.ok, JSON.stringify(r));
  });

  test('temporary credentials (the SDK sends X-TC-Token) -> AuthFailure.TokenFailure', async () => {
    const { view } = await captureSdkRequest({
      secretId: ID,
      secretKey: KEY,
      hostName: '127.0.0.1',
      token: 'tmp-token',
      action: 'DescribeNumbers',
      params: {},
    });
    assert.equal(view.headers['x-tc-token'], 'tmp-token');
    const r = verifyTc3(view, keyFor, now(), 300);
    assert.equal(r.ok ? 'ok' : r.code, 'AuthFailure.TokenFailure');
  });

  test('a request whose body was changed after the SDK signed it fails', async () => {
    const { view } = await captureSdkRequest({
      secretId: ID,
      secretKey: KEY,
      hostName: '127.0.0.1',
      action: 'CreateIVRSession',
      params: PARAMS,
    });
    const tampered: HttpRequestView = { ...view, body: Buffer.from(view.body.toString().replace('4500', '4501')) };
    assert.equal(verifyTc3(tampered, keyFor, now(), 300).ok, false);
  });
});

describe('TC3: the SDK signer (Sign.sign3) against a public host name', () => {
  test('POST JSON to ccc.tencentcloudapi.com verifies; service is `ccc`', () => {
    const body = JSON.stringify(PARAMS);
    const ts = 1_700_000_000;
    const headers = { 'Content-Type': 'application/json' };
    const authorization = SdkSign.sign3({
      url: 'https://ccc.tencentcloudapi.com/',
      payload: PARAMS,
      timestamp: ts,
      service: 'ccc',
      secretId: ID,
      secretKey: KEY,
      multipart: false,
      headers,
    });
    assert.match(authorization, /\/2023-11-14\/ccc\/tc3_request/);
    const view: HttpRequestView = {
      method: 'POST',
      path: '/',
      rawQuery: '',
      body: Buffer.from(body),
      headers: {
        host: 'ccc.tencentcloudapi.com',
        'content-type': 'application/json',
        authorization,
        'x-tc-timestamp': String(ts),
        'x-tc-action': 'CreateIVRSession',
      },
    };
    const r = verifyTc3(view, keyFor, ts + 10, 300);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.signature, authorization.slice(authorization.lastIndexOf('=') + 1));
  });
});

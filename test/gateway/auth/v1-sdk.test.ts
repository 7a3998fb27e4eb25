import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyV1 } from '../../../src/gateway/auth/v1.ts';
import { parseFormBody, parseQuery } from '../../../src/gateway/params/form.ts';
import { splitCommonParams } from '../../../src/gateway/params/common-params.ts';
import { unflattenParams } from '../../../src/gateway/params/unflatten.ts';
import { captureSdkRequest } from './support/capture.ts';
import { ID, KEY, keyFor } from './support/sdk-view.ts';

const PARAMS = {
  SdkAppId: '1400000000',
  Callee: '008613800000000',
  IVRId: '4500',
  Callers: ['008675500000000', '008675500000001'],
  Variables: [
    { Key: 'name', Value: '张三 & co=1+2%' },
    { Key: 'greeting', Value: "Grüß Gott, it's 5 o'clock 🙂" },
  ],
};
const now = () => Math.floor(Date.now() / 1000);

describe('v1: requests sent by the official SDK with HmacSHA1 / HmacSHA256 verify', () => {
  for (const signMethod of ['HmacSHA1', 'HmacSHA256'] as const) {
    for (const reqMethod of ['GET', 'POST'] as const) {
      for (const hostName of ['127.0.0.1', 'localhost'] as const) {
        test(`${signMethod} ${reqMethod} via ${hostName}:PORT, nested and non-ASCII parameters`, async () => {
          const { view } = await captureSdkRequest({
            secretId: ID,
            secretKey: KEY,
            hostName,
            signMethod,
            reqMethod,
            language: 'en-US',
            action: 'CreateIVRSession',
            params: PARAMS,
          });
          assert.equal(view.headers.authorization, undefined);
          const flat = reqMethod === 'GET' ? parseQuery(view.rawQuery) : parseFormBody(view.body);
          const r = verifyV1(view, flat, keyFor, now(), 300);
          assert.ok(r.ok, JSON.stringify(r));
          assert.equal(r.scheme, signMethod);
          assert.equal(r.secretId, ID);
          assert.equal(r.signature, flat.Signature);
          const { common, rest } = splitCommonParams(flat);
          assert.equal(common.Action, 'CreateIVRSession');
          assert.equal(common.Language, 'en-US');
          assert.deepEqual(unflattenParams(rest), PARAMS);
          // One changed value, and the same request no longer verifies.
          assert.equal(verifyV1(view, { ...flat, 'Variables.0.Value': '李四' }, keyFor, now(), 300).ok, false);
        });
      }
    }
  }

  test('Token from temporary credentials -> AuthFailure.TokenFailure', async () => {
    const { view } = await captureSdkRequest({
      secretId: ID,
      secretKey: KEY,
      hostName: '127.0.0.1',
      signMethod: 'HmacSHA256',
      reqMethod: 'GET',
      token: 'tmp',
      action: 'DescribeNumbers',
      params: {},
    });
    const r = verifyV1(view, parseQuery(view.rawQuery), keyFor, now(), 300);
    assert.equal(r.ok ? 'ok' : r.code, 'AuthFailure.TokenFailure');
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { signTc3 } from '../support/sign-tc3.ts';
import { errorCodeOf, sleep, startLiveWorld, type LiveWorld } from './support/live-server.ts';
import { APP, IVR, SECRET_ID, SECRET_KEY } from './support/test-world.ts';

interface RawAnswer {
  status: number;
  json: { Response: { Error?: { Code: string; Message: string }; RequestId: string; [k: string]: unknown } };
}

async function post(w: LiveWorld, headers: Record<string, string>, body: string): Promise<RawAnswer> {
  const res = await fetch(`${w.server.url}/`, { method: 'POST', headers, body });
  return { status: res.status, json: (await res.json()) as RawAnswer['json'] };
}

function signed(w: LiveWorld, action: string, body: string, over: { timestampSec?: number; version?: string; secretKey?: string } = {}) {
  return signTc3({
    secretId: SECRET_ID,
    secretKey: over.secretKey ?? SECRET_KEY,
    host: `127.0.0.1:${w.server.port}`,
    service: 'ccc',
    action,
    version: over.version ?? '2020-02-10',
    timestampSec: over.timestampSec ?? Math.floor(Date.now() / 1000),
    body,
  });
}

describe('common errors, as Tencent Cloud answers them: HTTP 200 with Response.Error', () => {
  let w: LiveWorld;
  before(async () => {
    w = await startLiveWorld({ limits: 'limits: { default: 1000, actions: { DescribeNumbers: 3 } }' });
  });
  after(async () => {
    await w.stop();
  });

  test('unknown SecretId -> AuthFailure.SecretIdNotFound', async () => {
    assert.equal(
      await errorCodeOf(w.clientFor('AKIDnobody00000000000000000', SECRET_KEY).DescribeNumbers({ SdkAppId: APP })),
      'AuthFailure.SecretIdNotFound',
    );
  });

  test('wrong SecretKey -> AuthFailure.SignatureFailure', async () => {
    assert.equal(
      await errorCodeOf(w.clientFor(SECRET_ID, 'wrongwrongwrongwrongwrong0000000').DescribeNumbers({ SdkAppId: APP })),
      'AuthFailure.SignatureFailure',
    );
  });

  test('unknown action -> InvalidAction', async () => {
    assert.equal(await errorCodeOf(w.client.request('DescribeNothing', {})), 'InvalidAction');
  });

  test('signature v1 (HmacSHA1 and HmacSHA256, GET and POST form) works through the SDK, nested params included', async () => {
    for (const method of ['HmacSHA1', 'HmacSHA256'] as const) {
      for (const reqMethod of ['GET', 'POST'] as const) {
        const c = w.clientFor(SECRET_ID, SECRET_KEY, method, reqMethod);
        const res = await c.CreateIVRSession({
          Callee: '008612300000000',
          SdkAppId: APP,
          IVRId: IVR,
          Variables: [{ Key: 'name', Value: '李雷 & co' }],
          Callers: ['008610000000001'],
        });
        assert.match(res.SessionId ?? '', /^[0-9a-f]{32}$/, `${method} ${reqMethod}`);
      }
    }
  });

  test('TC3 over GET works through the SDK', async () => {
    const c = w.clientFor(SECRET_ID, SECRET_KEY, 'TC3-HMAC-SHA256', 'GET');
    const res = await c.DescribeNumbers({ SdkAppId: APP, PageSize: 1 });
    assert.equal(res.Numbers?.length, 1);
  });

  test('expired timestamp -> AuthFailure.SignatureExpire', async () => {
    const body = JSON.stringify({ SdkAppId: APP });
    const old = await post(w, signed(w, 'DescribeNumbers', body, { timestampSec: Math.floor(Date.now() / 1000) - 301 }), body);
    assert.equal(old.status, 200);
    assert.equal(old.json.Response.Error?.Code, 'AuthFailure.SignatureExpire');
    const future = await post(w, signed(w, 'DescribeNumbers', body, { timestampSec: Math.floor(Date.now() / 1000) + 400 }), body);
    assert.equal(future.json.Response.Error?.Code, 'AuthFailure.SignatureExpire');
  });

  test('unsupported version -> NoSuchVersion', async () => {
    const body = JSON.stringify({ SdkAppId: APP });
    const r = await post(w, signed(w, 'DescribeNumbers', body, { version: '2017-03-12' }), body);
    assert.equal(r.json.Response.Error?.Code, 'NoSuchVersion');
  });

  test('malformed JSON -> InvalidParameter', async () => {
    const body = '{"SdkAppId": 14000';
    const r = await post(w, signed(w, 'DescribeNumbers', body), body);
    assert.equal(r.json.Response.Error?.Code, 'InvalidParameter');
    assert.match(r.json.Response.RequestId, /^[0-9a-f-]{36}$/);
  });

  test('body over 10 MB -> RequestSizeLimitExceeded, still HTTP 200', async () => {
    const body = JSON.stringify({ SdkAppId: APP, UUI: 'x'.repeat(10 * 1024 * 1024) });
    const r = await post(w, signed(w, 'CreateIVRSession', body), body);
    assert.equal(r.status, 200);
    assert.equal(r.json.Response.Error?.Code, 'RequestSizeLimitExceeded');
  });

  test('a method other than GET/POST -> UnsupportedProtocol', async () => {
    const res = await fetch(`${w.server.url}/`, { method: 'PUT', body: '{}' });
    const json = (await res.json()) as RawAnswer['json'];
    assert.equal(json.Response.Error?.Code, 'UnsupportedProtocol');
  });

  test('garbage Authorization -> AuthFailure.InvalidAuthorization', async () => {
    const body = JSON.stringify({ SdkAppId: APP });
    const h = signed(w, 'DescribeNumbers', body);
    const r = await post(w, { ...h, Authorization: 'TC3-HMAC-SHA256 nonsense' }, body);
    assert.equal(r.json.Response.Error?.Code, 'AuthFailure.InvalidAuthorization');
  });

  test('more requests per second than the action limit -> RequestLimitExceeded', async () => {
    await sleep(1100); // start from a fresh one-second window
    const results = await Promise.all(Array.from({ length: 6 }, () => errorCodeOf(w.client.DescribeNumbers({ SdkAppId: APP }))));
    assert.ok(results.filter((c) => c === 'RequestLimitExceeded').length >= 3, results.join(','));
    assert.ok(results.filter((c) => c === 'no error').length >= 1, results.join(','));
  });

  test('a byte-identical replay of CreateIVRSession gets the first answer back and places no second call', async () => {
    const body = JSON.stringify({ SdkAppId: APP, Callee: '+8613900000009', IVRId: IVR });
    const headers = signed(w, 'CreateIVRSession', body);
    const [a, b] = await Promise.all([post(w, headers, body), post(w, headers, body)]);
    const c = await post(w, headers, body);
    assert.ok(a.json.Response.SessionId);
    assert.deepEqual(b.json, a.json);
    assert.deepEqual(c.json, a.json);
    const active = await w.client.DescribePSTNActiveSessionList({ SdkAppId: APP, Offset: 0, Limit: 25 });
    const mine = active.Sessions?.filter((s) => s.Callee === '+8613900000009') ?? [];
    assert.equal(mine.length, 1);
    await w.client.HangUpCall({ SdkAppId: APP, SessionId: a.json.Response.SessionId as string });
  });
});

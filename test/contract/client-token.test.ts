import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type * as ccc from 'tencentcloud-sdk-nodejs/tencentcloud/services/ccc/v20200210/ccc_models.js';
import { postgresUrl, whenPostgres } from '../storage/support/storage-targets.ts';
import { errorCodeOf, sleep, startLiveWorld, type CccClient, type LiveWorld } from './support/live-server.ts';
import { APP, BLACKLISTED, IVR } from './support/test-world.ts';

// ClientToken on CreateIVRSession (an openccc extension), sent through the official SDK, which
// passes a parameter its types do not know as it is.
type WithToken = ccc.CreateIVRSessionRequest & { ClientToken?: string };
const create = (client: CccClient, req: WithToken) => client.CreateIVRSession(req as ccc.CreateIVRSessionRequest);

async function cdrCount(client: CccClient, callee: string, expected: number): Promise<number> {
  const now = Math.floor(Date.now() / 1000);
  for (let i = 0; i < 60; i++) {
    const res = await client.DescribeTelCdr({
      SdkAppId: APP,
      StartTimeStamp: now - 600,
      EndTimeStamp: now + 5,
      PageSize: 100,
      PageNumber: 0,
      Phones: [callee],
    });
    if ((res.TotalCount ?? 0) >= expected) break;
    await sleep(100);
  }
  await sleep(300); // a second call, had one been placed, would have ended by now too
  const now2 = Math.floor(Date.now() / 1000);
  const res = await client.DescribeTelCdr({
    SdkAppId: APP,
    StartTimeStamp: now - 600,
    EndTimeStamp: now2 + 5,
    PageSize: 100,
    PageNumber: 0,
    Phones: [callee],
  });
  return res.TotalCount ?? 0;
}

describe('ClientToken on one server', () => {
  let w: LiveWorld;
  before(async () => {
    w = await startLiveWorld();
  });
  after(async () => {
    await w.stop();
  });

  test('the same token answers the same SessionId and dials once, also when the repeats race', async () => {
    const token = randomUUID();
    const callee = '+8613900000001'; // busy: the call ends at once
    const req = { SdkAppId: APP, Callee: callee, IVRId: IVR, UUI: 'tok', ClientToken: token };
    const first = await create(w.client, req);
    const again = await create(w.client, req);
    assert.equal(again.SessionId, first.SessionId);
    const raced = await Promise.all([0, 1, 2, 3].map(() => create(w.client, req)));
    assert.deepEqual(new Set(raced.map((r) => r.SessionId)), new Set([first.SessionId]));
    assert.equal(await cdrCount(w.client, callee, 1), 1, 'one call placed');
    const token2 = randomUUID();
    const together = await Promise.all([0, 1, 2, 3].map(() => create(w.client, { ...req, Callee: '+8613900000003', ClientToken: token2 })));
    assert.equal(new Set(together.map((r) => r.SessionId)).size, 1, 'concurrent first uses agree');
    assert.equal(await cdrCount(w.client, '+8613900000003', 1), 1);
  });

  test('a different request with a used token -> InvalidParameterValue; without a token nothing changes', async () => {
    const token = randomUUID();
    await create(w.client, { SdkAppId: APP, Callee: '+8613900000003', IVRId: IVR, UUI: 'a', ClientToken: token });
    assert.equal(
      await errorCodeOf(create(w.client, { SdkAppId: APP, Callee: '+8613900000003', IVRId: IVR, UUI: 'b', ClientToken: token })),
      'InvalidParameterValue',
    );
    const a = await create(w.client, { SdkAppId: APP, Callee: '+8613900000003', IVRId: IVR, UUI: 'c' });
    const b = await create(w.client, { SdkAppId: APP, Callee: '+8613900000003', IVRId: IVR, UUI: 'd' });
    assert.notEqual(a.SessionId, b.SessionId);
    assert.equal(
      await errorCodeOf(create(w.client, { SdkAppId: APP, Callee: '+8613900000003', IVRId: IVR, ClientToken: 'x'.repeat(65) })),
      'InvalidParameterValue',
    );
  });

  test('a request refused before dialing frees its token', async () => {
    const token = randomUUID();
    const refused = { SdkAppId: APP, Callee: BLACKLISTED, IVRId: IVR, ClientToken: token };
    assert.equal(await errorCodeOf(create(w.client, refused)), 'FailedOperation.CalleeIsBlackUser');
    assert.equal(await errorCodeOf(create(w.client, refused)), 'FailedOperation.CalleeIsBlackUser', 'the retry runs again');
    const other = await create(w.client, { SdkAppId: APP, Callee: '+8613900000003', IVRId: IVR, ClientToken: token });
    assert.ok(other.SessionId);
  });
});

await whenPostgres('ClientToken across servers on one Postgres', () => {
  describe('ClientToken across two servers sharing Postgres', () => {
    const schema = `openccc_token_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const storage = `storage: { postgres: ${JSON.stringify(postgresUrl)}, schema: ${schema} }`;
    let a: LiveWorld;
    let b: LiveWorld;
    before(async () => {
      a = await startLiveWorld({ storage });
      b = await startLiveWorld({ storage });
    });
    after(async () => {
      await a.stop();
      await b.stop();
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    });

    test('a repeat sent to the other server gets the same SessionId and places no call', async () => {
      const req = { SdkAppId: APP, Callee: '+8613900000001', IVRId: IVR, UUI: 'two', ClientToken: randomUUID() };
      const first = await create(a.client, req);
      const [viaB, viaA] = await Promise.all([create(b.client, req), create(a.client, req)]);
      assert.equal(viaB.SessionId, first.SessionId);
      assert.equal(viaA.SessionId, first.SessionId);
      assert.equal(await cdrCount(b.client, '+8613900000001', 1), 1);
      assert.equal(await errorCodeOf(create(b.client, { ...req, UUI: 'other' })), 'InvalidParameterValue');
    });
  });
});

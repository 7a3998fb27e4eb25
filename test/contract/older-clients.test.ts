import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type * as ccc from 'tencentcloud-sdk-nodejs/tencentcloud/services/ccc/v20200210/ccc_models.js';
import { errorCodeOf, startLiveWorld, type LiveWorld } from './support/live-server.ts';
import { APP, BLACKLISTED, IVR } from './support/test-world.ts';

// Older SDK lines, spoken through the official SDK: every field ccc_models.d.ts marks @deprecated
// for the actions openccc implements (DescribeTelCdrRequest InstanceId/Limit/Offset,
// DescribeTelCdrResponse TelCdrs, TelCdrInfo IVRKeyPressed/PostIVRKeyPressed/Uui) works as it did.
// The request fields are cast: today's SDK types mark PageSize/PageNumber and SdkAppId required.

type OldRequest = Omit<ccc.DescribeTelCdrRequest, 'PageSize' | 'PageNumber' | 'SdkAppId'> & Partial<ccc.DescribeTelCdrRequest>;

describe('DescribeTelCdr as SDK 4.0.x (2021) sends it', () => {
  let w: LiveWorld;
  let newestFirst: string[];
  const now = Math.floor(Date.now() / 1000);
  const range = { StartTimeStamp: now - 600, EndTimeStamp: now + 600 };
  const cdrs = (req: OldRequest) => w.client.DescribeTelCdr(req as ccc.DescribeTelCdrRequest);

  before(async () => {
    w = await startLiveWorld();
    // Five CDRs at once: refused attempts are recorded without a call.
    for (let i = 0; i < 5; i++) {
      const code = await errorCodeOf(w.client.CreateIVRSession({ Callee: BLACKLISTED, SdkAppId: APP, IVRId: IVR, UUI: `old${i}` }));
      assert.equal(code, 'FailedOperation.CalleeIsBlackUser');
    }
    const all = await w.client.DescribeTelCdr({ SdkAppId: APP, ...range, PageSize: 100, PageNumber: 0 });
    newestFirst = all.TelCdrList!.map((c) => c.SessionId!);
    assert.equal(newestFirst.length, 5);
  });
  after(async () => {
    await w.stop();
  });

  test('only Limit/Offset: Limit rows from row Offset (not a page number), newest first, with the TotalCount', async () => {
    for (const [limit, offset] of [
      [2, 0],
      [2, 1],
      [3, 3],
      [5, 4],
      [2, 5],
    ] as const) {
      const res = await cdrs({ SdkAppId: APP, ...range, Limit: limit, Offset: offset });
      assert.equal(res.TotalCount, 5);
      assert.deepEqual(
        res.TelCdrList!.map((c) => c.SessionId),
        newestFirst.slice(offset, offset + limit),
        `Limit ${limit} Offset ${offset}`,
      );
    }
    const noOffset = await cdrs({ SdkAppId: APP, ...range, Limit: 3 });
    assert.deepEqual(
      noOffset.TelCdrList!.map((c) => c.SessionId),
      newestFirst.slice(0, 3),
      'Offset defaults to 0',
    );
  });

  test('InstanceId names the app when SdkAppId is absent', async () => {
    const res = await cdrs({ InstanceId: APP, ...range, Limit: 10, Offset: 0 });
    assert.deepEqual(
      res.TelCdrList!.map((c) => c.SessionId),
      newestFirst,
    );
    assert.equal(await errorCodeOf(cdrs({ ...range, Limit: 10, Offset: 0 })), 'MissingParameter');
  });

  test('PageSize/PageNumber win when both are sent; neither is MissingParameter; Limit is checked like PageSize', async () => {
    const res = await cdrs({ SdkAppId: APP, ...range, PageSize: 2, PageNumber: 1, Limit: 5, Offset: 0 });
    assert.deepEqual(
      res.TelCdrList!.map((c) => c.SessionId),
      newestFirst.slice(2, 4),
    );
    assert.equal(await errorCodeOf(cdrs({ SdkAppId: APP, ...range })), 'MissingParameter');
    assert.equal(await errorCodeOf(cdrs({ SdkAppId: APP, ...range, PageSize: 10 })), 'MissingParameter');
    assert.equal(await errorCodeOf(cdrs({ SdkAppId: APP, ...range, Limit: 0, Offset: 0 })), 'InvalidParameterValue');
    assert.equal(await errorCodeOf(cdrs({ SdkAppId: APP, ...range, Limit: 101, Offset: 0 })), 'InvalidParameterValue');
    assert.equal(await errorCodeOf(cdrs({ SdkAppId: APP, ...range, Limit: 10, Offset: -1 })), 'InvalidParameterValue');
  });

  test('deprecated answer fields: TelCdrs twins TelCdrList; IVRKeyPressed, PostIVRKeyPressed and Uui are there', async () => {
    const res = await cdrs({ SdkAppId: APP, ...range, Limit: 5, Offset: 0 });
    assert.deepEqual(res.TelCdrs, res.TelCdrList);
    for (const cdr of res.TelCdrs!) {
      assert.deepEqual(cdr.IVRKeyPressed, []);
      assert.deepEqual(cdr.PostIVRKeyPressed, []);
      assert.equal(cdr.Uui, cdr.UUI);
      assert.match(cdr.Uui!, /^old[0-4]$/);
    }
  });
});

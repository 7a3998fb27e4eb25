import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sleep, startLiveWorld, type CccClient, type LiveWorld } from './support/live-server.ts';
import { APP, CALLERS, IVR } from './support/test-world.ts';

async function waitFinished(client: CccClient, sessionId: string, timeoutMs = 8000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { Session } = await client.DescribeTelSession({ SdkAppId: APP, SessionId: sessionId });
    if (Session?.SessionStatus === 'finished') return;
    if (Date.now() > until) throw new Error(`session ${sessionId} still ${Session?.SessionStatus}`);
    await sleep(100);
  }
}

async function cdrOf(client: CccClient, sessionId: string) {
  const now = Math.floor(Date.now() / 1000);
  const res = await client.DescribeTelCdr({
    SdkAppId: APP,
    StartTimeStamp: now - 600,
    EndTimeStamp: now + 5,
    PageSize: 10,
    PageNumber: 0,
    SessionIds: [sessionId],
  });
  assert.equal(res.TotalCount, 1);
  return res.TelCdrList![0]!;
}

describe('a session rings, answers, runs its IVR and ends; the CDR tells the story', () => {
  let w: LiveWorld;
  before(async () => {
    w = await startLiveWorld();
  });
  after(async () => {
    await w.stop();
  });

  test('answered call: the callee presses 1, the IVR hangs up, EndStatus 107 ivrEnd with the key in IVRKeyPressedEx', async () => {
    const { SessionId } = await w.client.CreateIVRSession({
      Callee: '008612300000000',
      SdkAppId: APP,
      IVRId: IVR,
      Variables: [{ Key: 'name', Value: 'Han' }],
      UUI: 'u-1',
    });
    await waitFinished(w.client, SessionId!);
    const cdr = await cdrOf(w.client, SessionId!);
    assert.equal(cdr.EndStatus, 107);
    assert.equal(cdr.EndStatusString, 'ivrEnd');
    assert.equal(cdr.HungUpSide, 'system');
    assert.equal(cdr.Direction, 1);
    assert.equal(cdr.Callee, '008612300000000');
    assert.ok(CALLERS.includes(cdr.Caller!));
    assert.equal(cdr.UUI, 'u-1');
    assert.deepEqual(
      cdr.IVRKeyPressedEx?.map((k) => [k.Key, k.Label]),
      [['1', 'yes']],
    );
    assert.ok((cdr.AcceptTimestamp ?? 0) >= (cdr.RingTimestamp ?? 0) && (cdr.RingTimestamp ?? 0) > 0);
    assert.ok((cdr.EndedTimestamp ?? 0) >= (cdr.AcceptTimestamp ?? 0));
  });

  const lineFailures: [string, number, string][] = [
    ['+8613900000001', 206, 'busy'],
    ['+8613900000003', 204, 'powerOff'],
    ['+8613900000005', 203, 'userReject'],
  ];
  for (const [callee, code, name] of lineFailures) {
    test(`line outcome ${name}: the API admits the call, the CDR says EndStatus ${code}`, async () => {
      const { SessionId } = await w.client.CreateIVRSession({ Callee: callee, SdkAppId: APP, IVRId: IVR });
      await waitFinished(w.client, SessionId!);
      const cdr = await cdrOf(w.client, SessionId!);
      assert.equal(cdr.EndStatus, code);
      assert.equal(cdr.EndStatusString, name);
      assert.equal(cdr.AcceptTimestamp, 0);
    });
  }

  test('HangUpCall while ringing ends the call (callerCancelWhileRing) and it leaves the active list', async () => {
    const { SessionId } = await w.client.CreateIVRSession({ Callee: '+8613900000009', SdkAppId: APP, IVRId: IVR });
    await sleep(150);
    const active = await w.client.DescribePSTNActiveSessionList({ SdkAppId: APP, Offset: 0, Limit: 25 });
    assert.ok(
      active.Sessions?.some((s) => s.SessionID === SessionId),
      'ringing call is listed as active',
    );
    const { Session } = await w.client.DescribeTelSession({ SdkAppId: APP, SessionId: SessionId! });
    assert.equal(Session?.SessionStatus, 'ringing');
    await w.client.HangUpCall({ SdkAppId: APP, SessionId: SessionId! });
    const cdr = await cdrOf(w.client, SessionId!);
    assert.equal(cdr.EndStatus, 220);
    assert.equal(cdr.HungUpSide, 'system');
    const after = await w.client.DescribePSTNActiveSessionList({ SdkAppId: APP, Offset: 0, Limit: 25 });
    assert.ok(!after.Sessions?.some((s) => s.SessionID === SessionId));
    // Hanging up again is an error: the session has ended. (Within the same second the SDK would
    // send the very same signed bytes, which the replay guard answers with the first answer.)
    await sleep(1100);
    await assert.rejects(w.client.HangUpCall({ SdkAppId: APP, SessionId: SessionId! }), { code: 'FailedOperation' });
  });

  test('DescribeTelSession and HangUpCall on an unknown session answer ResourceNotFound', async () => {
    await assert.rejects(w.client.DescribeTelSession({ SdkAppId: APP, SessionId: '0'.repeat(32) }), { code: 'ResourceNotFound' });
    await assert.rejects(w.client.HangUpCall({ SdkAppId: APP, SessionId: '0'.repeat(32) }), { code: 'ResourceNotFound' });
  });

  test('DescribeTelCdr filters by Phones and pages newest first', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      // Distinct UUIs: identical TC3 requests within one second are byte-identical replays.
      const { SessionId } = await w.client.CreateIVRSession({ Callee: '+8613900000001', SdkAppId: APP, IVRId: IVR, UUI: `page-${i}` });
      ids.push(SessionId!);
    }
    for (const id of ids) await waitFinished(w.client, id);
    const now = Math.floor(Date.now() / 1000);
    const page0 = await w.client.DescribeTelCdr({
      SdkAppId: APP,
      StartTimeStamp: now - 600,
      EndTimeStamp: now + 5,
      PageSize: 2,
      PageNumber: 0,
      Phones: ['+8613900000001'],
    });
    assert.ok((page0.TotalCount ?? 0) >= 3);
    assert.equal(page0.TelCdrList?.length, 2);
    assert.ok(page0.TelCdrList!.every((c) => c.Callee === '+8613900000001'));
    assert.deepEqual(page0.TelCdrs, page0.TelCdrList);
    const none = await w.client.DescribeTelCdr({
      SdkAppId: APP,
      StartTimeStamp: now - 600,
      EndTimeStamp: now + 5,
      PageSize: 10,
      PageNumber: 0,
      Phones: ['+8613999999999'],
    });
    assert.equal(none.TotalCount, 0);
    await assert.rejects(
      w.client.DescribeTelCdr({ SdkAppId: APP, StartTimeStamp: now, EndTimeStamp: now - 10, PageSize: 10, PageNumber: 0 }),
      { code: 'InvalidParameterValue' },
    );
    await assert.rejects(
      w.client.DescribeTelCdr({ SdkAppId: APP, StartTimeStamp: now - 10, EndTimeStamp: now, PageSize: 101, PageNumber: 0 }),
      { code: 'InvalidParameterValue' },
    );
  });

  test('DescribeNumbers lists the app numbers with State and CostType', async () => {
    const res = await w.client.DescribeNumbers({ SdkAppId: APP });
    assert.equal(res.TotalCount, 3);
    assert.deepEqual(
      res.Numbers?.map((n) => [n.Number, n.State, n.CostType]),
      [
        [CALLERS[0], 1, 0],
        [CALLERS[1], 1, 0],
        ['008610000000009', 2, 0],
      ],
    );
    const page = await w.client.DescribeNumbers({ SdkAppId: APP, PageNumber: 1, PageSize: 2 });
    assert.equal(page.Numbers?.length, 1);
  });
});

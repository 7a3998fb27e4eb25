import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sleep, startLiveWorld, type LiveWorld } from './support/live-server.ts';
import { APP, INBOUND_NUMBER } from './support/test-world.ts';

const REMOTE = '+8613800000042';

// The sim carrier scripts one inbound call shortly after start; the official SDK sees it live
// in DescribePSTNActiveSessionList, then as a Direction 0 CDR in DescribeTelCdr. Real clock,
// short timings: the caller waits 1.5 s after the greeting before pressing 1.
describe('an inbound call through the official SDK', () => {
  let w: LiveWorld;
  before(async () => {
    w = await startLiveWorld({
      inbound: `[{ caller: "${REMOTE}", callee: "+8610000000077", afterSeconds: 0.3, digits: "1", digitDelaySeconds: 1.5 }]`,
    });
  });
  after(async () => {
    await w.stop();
  });

  test('DescribePSTNActiveSessionList shows it while it runs; DescribeTelCdr returns Direction 0, Caller remote, Callee ours, the key', async () => {
    let sessionId: string | undefined;
    const until = Date.now() + 8000;
    while (!sessionId && Date.now() < until) {
      const { Sessions } = await w.client.DescribePSTNActiveSessionList({ SdkAppId: APP, Offset: 0, Limit: 25 });
      const live = Sessions?.find((s) => s.Direction === 0);
      if (live) {
        assert.equal(live.Caller, REMOTE);
        assert.equal(live.Callee, INBOUND_NUMBER);
        assert.ok(live.SessionStatus === 'ringing' || live.SessionStatus === 'inProgress', live.SessionStatus);
        sessionId = live.SessionID;
      } else await sleep(50);
    }
    assert.ok(sessionId, 'the inbound session was never listed as active');

    const now = Math.floor(Date.now() / 1000);
    for (;;) {
      const res = await w.client.DescribeTelCdr({
        SdkAppId: APP,
        StartTimeStamp: now - 600,
        EndTimeStamp: now + 60,
        PageSize: 10,
        PageNumber: 0,
        SessionIds: [sessionId],
      });
      const cdr = res.TelCdrList?.[0];
      if (cdr) {
        assert.equal(res.TotalCount, 1);
        assert.equal(cdr.Direction, 0);
        assert.equal(cdr.Caller, REMOTE);
        assert.equal(cdr.Callee, INBOUND_NUMBER);
        assert.equal(cdr.EndStatus, 107);
        assert.equal(cdr.HungUpSide, 'system');
        assert.deepEqual(
          cdr.IVRKeyPressedEx?.map((k) => [k.Key, k.Label]),
          [['1', 'yes']],
        );
        assert.deepEqual(cdr.IVRKeyPressed, ['1']);
        assert.ok((cdr.AcceptTimestamp ?? 0) >= (cdr.RingTimestamp ?? 0) && (cdr.RingTimestamp ?? 0) > 0);
        break;
      }
      if (Date.now() > until) assert.fail(`no CDR for ${sessionId}`);
      await sleep(100);
    }
    const { Sessions } = await w.client.DescribePSTNActiveSessionList({ SdkAppId: APP, Offset: 0, Limit: 25 });
    assert.equal(
      Sessions?.find((s) => s.SessionID === sessionId),
      undefined,
      'gone from the active list once ended',
    );
  });
});

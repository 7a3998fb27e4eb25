import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommonClient } from 'tencentcloud-sdk-nodejs/tencentcloud/common/common_client.js';
import { errorCodeOf, startLiveWorld } from './support/live-server.ts';
import { APP, BLACKLISTED, CALLERS, IVR, SECRET_ID, SECRET_KEY } from './support/test-world.ts';

interface Verdict {
  Rule: string;
  Admitted: boolean;
  Counts: number[];
  Code: string;
  EndStatus: number;
  Message: string;
}
interface Report {
  Admitted: boolean;
  Callee: string;
  Caller: string;
  Timestamp: number;
  CalleeSubdivision: string;
  CalleeCities: string[];
  Verdicts: Verdict[];
}

// CheckOutboundRules is an openccc extension: the SDK has no typed method, so the common client calls it.
test("CheckOutboundRules (extension, via the SDK's CommonClient): every verdict in order, placing and counting nothing", async () => {
  const w = await startLiveWorld({ outboundRules: 'preset: tccc' });
  try {
    const common = new CommonClient(`127.0.0.1:${w.server.port}`, '2020-02-10', {
      credential: { secretId: SECRET_ID, secretKey: SECRET_KEY },
      region: 'ap-guangzhou',
      profile: { httpProfile: { protocol: 'http://', reqTimeout: 10 } },
    });
    const check = (req: Record<string, unknown>) => common.request('CheckOutboundRules', { SdkAppId: APP, ...req }) as Promise<Report>;

    // 03:00 in Beijing, a Xinjiang number on the blacklist: every rule answers, three refuse.
    const night = Date.parse('2026-05-10T03:00:00+08:00') / 1000;
    const r = await check({ Callee: '+8613999123456', Timestamp: night });
    assert.equal(r.Admitted, false);
    assert.equal(r.Timestamp, night);
    assert.equal(r.CalleeSubdivision, 'CN-XJ');
    assert.deepEqual(r.CalleeCities, ['Urumchi']);
    assert.deepEqual(
      r.Verdicts.map((v) => [v.Rule, v.Admitted]),
      [
        ['blacklist', true],
        ['blindArea', false],
        ['workTime', false],
        ['calleeInterval', true],
        ['calleeDaily', true],
        ['callerConcurrency', true],
      ],
    );
    assert.deepEqual(
      r.Verdicts.filter((v) => !v.Admitted).map((v) => [v.Code, v.EndStatus]),
      [
        ['FailedOperation.CalloutRuleBlindArea', 110],
        ['FailedOperation.CalloutRuleNotWorkTime', 111],
      ],
    );
    const bl = await check({ Callee: BLACKLISTED, Timestamp: night });
    assert.equal(bl.Verdicts[0]!.Admitted, false);
    assert.equal(bl.Verdicts[0]!.EndStatus, 100);

    // The counts are those admission would read, and a dry run adds none.
    const noon = Date.parse('2026-05-10T12:00:00+08:00') / 1000;
    const callee = '+8613800138055';
    const before = await check({ Callee: callee, Caller: CALLERS[1], Timestamp: noon });
    assert.equal(before.Admitted, true);
    assert.equal(before.Caller, CALLERS[1]);
    assert.deepEqual(before.Verdicts.find((v) => v.Rule === 'calleeInterval')!.Counts, [0]);
    // Make a real call only when Beijing hours allow it (the preset's workTime is real here).
    const beijingHour = (new Date().getUTCHours() + 8) % 24;
    if (beijingHour >= 8 && beijingHour < 21) {
      await w.client.CreateIVRSession({ SdkAppId: APP, Callee: callee, IVRId: IVR });
      const nowCheck = await check({ Callee: callee });
      assert.deepEqual(nowCheck.Verdicts.find((v) => v.Rule === 'calleeInterval')!.Counts, [1]);
    }
    for (let i = 0; i < 3; i++) await check({ Callee: callee, Timestamp: noon });
    const cdrs = await w.client.DescribeTelCdr({
      SdkAppId: APP,
      StartTimeStamp: Math.floor(Date.now() / 1000) - 600,
      EndTimeStamp: Math.floor(Date.now() / 1000) + 5,
      PageSize: 100,
      PageNumber: 0,
      Phones: ['+8613999123456', BLACKLISTED],
    });
    assert.equal(cdrs.TotalCount, 0, 'a dry run writes no CDR, not even of a refusal');

    assert.equal(await errorCodeOf(check({ Callee: 'not a number' })), 'InvalidParameterValue');
    assert.equal(
      await errorCodeOf(common.request('CheckOutboundRules', { SdkAppId: 1400009999, Callee: callee })),
      'InvalidParameterValue.InstanceNotExist',
    );
  } finally {
    await w.stop();
  }
});

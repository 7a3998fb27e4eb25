import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorCodeOf, sleep, startLiveWorld, type CccClient } from './support/live-server.ts';
import { APP, BLACKLISTED, IVR } from './support/test-world.ts';

// Refused attempts as TCCC records them: a CDR with the rule's EndStatus, no call, not counted.

let n = 0;
const call = (client: CccClient, callee: string) =>
  errorCodeOf(client.CreateIVRSession({ Callee: callee, SdkAppId: APP, IVRId: IVR, UUI: `refused${n++}` }));

async function cdrsOf(client: CccClient, phone: string) {
  const now = Math.floor(Date.now() / 1000);
  const res = await client.DescribeTelCdr({
    SdkAppId: APP,
    StartTimeStamp: now - 600,
    EndTimeStamp: now + 5,
    PageSize: 100,
    PageNumber: 0,
    Phones: [phone],
  });
  return res.TelCdrList ?? [];
}

test('each rule refusal writes a CDR with its EndStatus (100, 110, 111) and nothing rang', async () => {
  const hour = new Date().getUTCHours();
  const hh = (h: number) => String(h % 24).padStart(2, '0');
  const rules = [
    'blindAreas: ["+852"]',
    'calleeInterval: { maxCalls: 1, windowSeconds: 3600 }',
    // A workTime window two hours from now refuses everything that passes the rules before it.
    `workTime:\n  timeZone: UTC\n  windows:\n    - { days: [sun, mon, tue, wed, thu, fri, sat], from: "${hh(hour + 2)}:00", to: "${hh(hour + 3)}:00" }`,
  ].join('\n');
  const w = await startLiveWorld({ outboundRules: rules });
  try {
    assert.equal(await call(w.client, BLACKLISTED), 'FailedOperation.CalleeIsBlackUser');
    assert.equal(await call(w.client, '+85291234567'), 'FailedOperation.CalloutRuleBlindArea');
    assert.equal(await call(w.client, '+8613800138000'), 'FailedOperation.CalloutRuleNotWorkTime');
    const expected: [string, number, string][] = [
      [BLACKLISTED, 100, 'blackList'],
      ['+85291234567', 110, 'restrictedArea'],
      ['+8613800138000', 111, 'restrictedTime'],
    ];
    for (const [phone, code, name] of expected) {
      const cdrs = await cdrsOf(w.client, phone);
      assert.equal(cdrs.length, 1, `one CDR for ${phone}`);
      const cdr = cdrs[0]!;
      assert.equal(cdr.EndStatus, code);
      assert.equal(cdr.EndStatusString, name);
      assert.equal(cdr.Direction, 1);
      assert.equal(cdr.Duration, 0);
      assert.equal(cdr.RingTimestamp, 0, 'nothing rang');
      assert.equal(cdr.AcceptTimestamp, 0);
      assert.equal(cdr.HungUpSide, 'system');
      assert.equal(cdr.EndedTimestamp, cdr.StartTimestamp);
      // Caller is one of ours, 0086 10...: Beijing, as the geocoding data writes it in Chinese.
      assert.equal(cdr.CallerLocation, '北京市');
      // A refused attempt was never a session: DescribeTelSession does not know it.
      assert.equal(await errorCodeOf(w.client.DescribeTelSession({ SdkAppId: APP, SessionId: cdr.SessionId! })), 'ResourceNotFound');
    }
  } finally {
    await w.stop();
  }
});

test('the error message names the CDR; refusals do not count against the callee caps (109)', async () => {
  const w = await startLiveWorld({ outboundRules: 'calleeInterval: { maxCalls: 1, windowSeconds: 2 }\ncalleeDaily: { maxCalls: 2 }' });
  try {
    const callee = '+8613900000011';
    assert.equal(await call(w.client, callee), 'no error');
    let message = '';
    for (let i = 0; i < 3; i++) {
      await w.client.CreateIVRSession({ Callee: callee, SdkAppId: APP, IVRId: IVR, UUI: `cap${i}` }).then(
        () => assert.fail('the interval cap must refuse'),
        (err: { code?: string; message: string }) => {
          assert.equal(err.code, 'FailedOperation.CalloutRuleMaxCallCountCalleeIntervalTime');
          message = err.message;
        },
      );
    }
    const cdrs = await cdrsOf(w.client, callee);
    const refused = cdrs.filter((c) => c.EndStatus === 109);
    assert.equal(refused.length, 3, 'three refusals recorded');
    assert.ok(refused.every((c) => c.EndStatusString === 'tooManyRequest' && c.RingTimestamp === 0));
    const named = /CDR is session (\S+)\./.exec(message)?.[1];
    assert.ok(
      refused.some((c) => c.SessionId === named),
      `the message names a recorded refusal: ${message}`,
    );
    await sleep(2100);
    // Had the three refusals counted, the daily cap of 2 would refuse this one.
    assert.equal(await call(w.client, callee), 'no error', 'only the one admitted call counts today');
    assert.equal(await call(w.client, callee), 'FailedOperation.CalloutRuleMaxCallCountCalleeIntervalTime');
  } finally {
    await w.stop();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorCodeOf, sleep, startLiveWorld, type LiveWorld } from './support/live-server.ts';
import { APP, CALLERS, IVR } from './support/test-world.ts';

async function withWorld(outboundRules: string, fn: (w: LiveWorld) => Promise<void>): Promise<void> {
  const w = await startLiveWorld({ outboundRules });
  try {
    await fn(w);
  } finally {
    await w.stop();
  }
}

// Each request differs (UUI), so none is a byte-identical replay of another.
let n = 0;
const call = (w: LiveWorld, callee: string, extra: { Callers?: string[] } = {}) =>
  errorCodeOf(w.client.CreateIVRSession({ Callee: callee, SdkAppId: APP, IVRId: IVR, UUI: `r${n++}`, ...extra }));

/** Waits until the app has no live call (the quick flow hangs up in about two seconds; longer on a loaded machine). */
async function untilIdle(w: LiveWorld): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await w.client.DescribePSTNActiveSessionList({ SdkAppId: APP, Offset: 0, Limit: 1 })).Total !== 0) {
    assert.ok(Date.now() < deadline, 'the calls did not end within 30 s');
    await sleep(100);
  }
}

test('outside the work-time windows -> FailedOperation.CalloutRuleNotWorkTime', async () => {
  const hour = new Date().getUTCHours();
  const hh = (h: number) => String(h % 24).padStart(2, '0');
  // A one-hour window two hours from now, every day: now is never inside it.
  const rules = `workTime:\n  timeZone: UTC\n  windows:\n    - { days: [sun, mon, tue, wed, thu, fri, sat], from: "${hh(hour + 2)}:00", to: "${hh(hour + 3)}:00" }`;
  await withWorld(rules, async (w) => {
    assert.equal(await call(w, '+8613800138000'), 'FailedOperation.CalloutRuleNotWorkTime');
  });
});

test('a callee in a blind area (by prefix or by region) -> FailedOperation.CalloutRuleBlindArea', async () => {
  await withWorld('blindAreas: ["+852", "KP"]', async (w) => {
    assert.equal(await call(w, '+85291234567'), 'FailedOperation.CalloutRuleBlindArea');
    assert.equal(await call(w, '+85021234567'), 'FailedOperation.CalloutRuleBlindArea');
    assert.equal(await call(w, '+8613800138000'), 'no error');
  });
});

test('a callee in a blind province or city (geocoded from its prefix) -> FailedOperation.CalloutRuleBlindArea', async () => {
  await withWorld('blindAreas: ["CN-XZ", "CN-XJ:Urumchi"]', async (w) => {
    assert.equal(await call(w, '+8613999123456'), 'FailedOperation.CalloutRuleBlindArea'); // Urumchi, Xinjiang
    assert.equal(await call(w, '+8613800138000'), 'no error'); // Beijing
  });
});

test('per-callee caps: interval -> ...CalleeIntervalTime, then per day -> ...CalleePerDayAppID', async () => {
  await withWorld('calleeInterval: { maxCalls: 2, windowSeconds: 2 }\ncalleeDaily: { maxCalls: 3 }', async (w) => {
    const callee = '+8613900000001';
    assert.equal(await call(w, callee), 'no error');
    assert.equal(await call(w, callee), 'no error');
    assert.equal(await call(w, callee), 'FailedOperation.CalloutRuleMaxCallCountCalleeIntervalTime');
    assert.equal(await call(w, '+8613900000003'), 'no error', 'other callees are not affected');
    await sleep(2100);
    assert.equal(await call(w, callee), 'no error', 'the interval has passed');
    await sleep(2100);
    assert.equal(await call(w, callee), 'FailedOperation.CalloutRuleMaxCallCountCalleePerDayAppID');
  });
});

test('a caller number over its frequency -> FailedOperation.CallerOverFrequency', async () => {
  await withWorld('callerFrequency: { maxCalls: 2, windowSeconds: 60 }', async (w) => {
    const only = { Callers: [CALLERS[0]!] };
    assert.equal(await call(w, '+8613800138001', only), 'no error');
    assert.equal(await call(w, '+8613800138002', only), 'no error');
    assert.equal(await call(w, '+8613800138003', only), 'FailedOperation.CallerOverFrequency');
    assert.equal(await call(w, '+8613800138003', { Callers: [CALLERS[1]!] }), 'no error', 'another caller number still calls');
  });
});

test('concurrent requests cannot overrun a per-callee cap', async () => {
  await withWorld('calleeInterval: { maxCalls: 3, windowSeconds: 3600 }', async (w) => {
    const results = await Promise.all(Array.from({ length: 10 }, () => call(w, '+8613900000002')));
    assert.equal(results.filter((r) => r === 'no error').length, 3, results.join(','));
    assert.equal(results.filter((r) => r === 'FailedOperation.CalloutRuleMaxCallCountCalleeIntervalTime').length, 7);
  });
});

test('preset tccc: Xinjiang refused, 3 calls a callee in 5 min, one channel per caller number', async () => {
  // workTime: null keeps the test independent of the hour in Beijing; the next test covers it.
  await withWorld('preset: tccc\nworkTime: null', async (w) => {
    assert.equal(await call(w, '+8613999123456'), 'FailedOperation.CalloutRuleBlindArea');
    const only = { Callers: [CALLERS[0]!] };
    const [first, second] = await Promise.all([call(w, '+8613800138011', only), call(w, '+8613800138012', only)]);
    assert.deepEqual([first, second].sort(), ['FailedOperation.CallerOverFrequency', 'no error'], 'one live call per caller number');
    assert.equal(await call(w, '+8613800138013', { Callers: [CALLERS[1]!] }), 'no error', 'the other number is free');
    await untilIdle(w);
    const callee = '+8613800138014';
    for (let i = 0; i < 3; i++) {
      assert.equal(await call(w, callee, { Callers: [CALLERS[i % 2]!] }), 'no error', `call ${i + 1}`);
      await untilIdle(w);
    }
    assert.equal(await call(w, callee), 'FailedOperation.CalloutRuleMaxCallCountCalleeIntervalTime');
  });
});

test('preset tccc alone: calls only 08:00-21:00 Beijing time', async () => {
  await withWorld('preset: tccc', async (w) => {
    const beijingHour = (new Date().getUTCHours() + 8) % 24;
    const expected = beijingHour >= 8 && beijingHour < 21 ? 'no error' : 'FailedOperation.CalloutRuleNotWorkTime';
    assert.equal(await call(w, '+8613800138021'), expected, `${beijingHour}h in Beijing`);
  });
});

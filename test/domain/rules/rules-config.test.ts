import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outboundRulesConfigSchema } from '../../../src/domain/rules/rules-config.ts';

const full = {
  workTime: {
    timeZone: 'Asia/Shanghai',
    windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '21:00' }],
    holidays: ['2026-10-01'],
  },
  blindAreas: ['+86852', '0086853', 'KP'],
  calleeInterval: { maxCalls: 2, windowSeconds: 3600 },
  calleeDaily: { maxCalls: 5 },
  callerFrequency: { maxCalls: 60, windowSeconds: 60 },
};

/** The dotted path of the first issue, or undefined when the config is accepted. */
function problem(config: unknown): string | undefined {
  const r = outboundRulesConfigSchema.safeParse(config);
  return r.success ? undefined : r.error.issues.map((i) => i.path.join('.')).join(' ');
}

test('an empty config (every rule off) and a full config are accepted', () => {
  assert.deepEqual(outboundRulesConfigSchema.parse({}), {});
  assert.deepEqual(outboundRulesConfigSchema.parse(full), full);
});

test('unknown keys are errors at every level, never ignored', () => {
  assert.equal(problem({ worktime: {} }), '');
  assert.equal(problem({ ...full, calleeDaily: { maxCalls: 5, windowSeconds: 10 } }), 'calleeDaily');
  assert.equal(
    problem({ workTime: { ...full.workTime, windows: [{ ...full.workTime.windows[0], until: '10:00' }] } }),
    'workTime.windows.0',
  );
});

test('time zones must be IANA names', () => {
  assert.equal(problem({ workTime: { ...full.workTime, timeZone: 'Mars/Olympus' } }), 'workTime.timeZone');
  assert.equal(problem({ workTime: { ...full.workTime, timeZone: 'UTC' } }), undefined);
  assert.equal(problem({ workTime: { ...full.workTime, timeZone: 'America/New_York' } }), undefined);
});

test('windows: HH:MM bounds, 24:00 only as an end, from != to, at least one day and one window', () => {
  const win = (w: object) => ({ workTime: { timeZone: 'UTC', windows: [{ days: ['mon'], from: '09:00', to: '17:00', ...w }] } });
  assert.equal(problem(win({ from: '00:00', to: '24:00' })), undefined);
  assert.equal(problem(win({ from: '22:00', to: '06:00' })), undefined);
  assert.equal(problem(win({ from: '24:00' })), 'workTime.windows.0.from');
  assert.equal(problem(win({ to: '24:01' })), 'workTime.windows.0.to');
  assert.equal(problem(win({ from: '9:00' })), 'workTime.windows.0.from');
  assert.equal(problem(win({ to: '17:60' })), 'workTime.windows.0.to');
  assert.equal(problem(win({ from: '10:00', to: '10:00' })), 'workTime.windows.0.to');
  assert.equal(problem(win({ days: [] })), 'workTime.windows.0.days');
  assert.equal(problem(win({ days: ['monday'] })), 'workTime.windows.0.days.0');
  assert.equal(problem({ workTime: { timeZone: 'UTC', windows: [] } }), 'workTime.windows');
});

test('holidays are ISO dates', () => {
  assert.equal(problem({ workTime: { ...full.workTime, holidays: ['2026-02-30'] } }), 'workTime.holidays.0');
  assert.equal(problem({ workTime: { ...full.workTime, holidays: ['01/10/2026'] } }), 'workTime.holidays.0');
});

test('blind areas are E.164 prefixes (+ or 00) or known upper-case regions', () => {
  assert.equal(problem({ blindAreas: ['+1', '+8610', '008610', 'HK', 'US'] }), undefined);
  for (const bad of ['8610', '+0', '+', 'XX', 'kp', 'CHN', '+86 10', '+1234567890123456']) {
    assert.equal(problem({ blindAreas: [bad] }), 'blindAreas.0', bad);
  }
});

test('blind areas may be Chinese subdivisions (ISO 3166-2) or a city in one', () => {
  assert.equal(problem({ blindAreas: ['CN-XJ', 'CN-XZ', 'CN-HK', 'CN-GD:Shenzhen', "CN-SN:Xi'an"] }), undefined);
  for (const bad of ['CN-XX', 'cn-xj', 'CN-XJ:', 'CN-XJ: ', 'CN-XX:Urumchi', 'US-CA']) {
    assert.equal(problem({ blindAreas: [bad] }), 'blindAreas.0', bad);
  }
});

test('caps need positive whole maxCalls and windowSeconds', () => {
  assert.equal(problem({ calleeInterval: { maxCalls: 0, windowSeconds: 60 } }), 'calleeInterval.maxCalls');
  assert.equal(problem({ calleeInterval: { maxCalls: 1.5, windowSeconds: 60 } }), 'calleeInterval.maxCalls');
  assert.equal(problem({ callerFrequency: { maxCalls: 1, windowSeconds: 0 } }), 'callerFrequency.windowSeconds');
  assert.equal(problem({ callerFrequency: { maxCalls: 1 } }), 'callerFrequency.windowSeconds');
  assert.equal(problem({ calleeDaily: {} }), 'calleeDaily.maxCalls');
});

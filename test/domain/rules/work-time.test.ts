import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { workTimeRule } from '../../../src/domain/rules/work-time.ts';
import type { WorkTimeConfig } from '../../../src/domain/rules/rules-config.ts';
import { attemptAt } from './attempt.ts';

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const everyDay = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

function allowed(config: WorkTimeConfig, when: string | number): boolean {
  return workTimeRule(config).check(attemptAt(when), []).ok;
}

const shanghai: WorkTimeConfig = {
  timeZone: 'Asia/Shanghai',
  windows: [{ days: [...weekdays], from: '09:00', to: '21:00' }],
  holidays: ['2026-10-01'],
};

test('Shanghai office hours: from is inclusive, to is exclusive, to the millisecond', () => {
  // 2026-09-30 is a Wednesday.
  assert.equal(allowed(shanghai, '2026-09-30T08:59:59.999+08:00'), false);
  assert.equal(allowed(shanghai, '2026-09-30T09:00:00.000+08:00'), true);
  assert.equal(allowed(shanghai, '2026-09-30T20:59:59.999+08:00'), true);
  assert.equal(allowed(shanghai, '2026-09-30T21:00:00.000+08:00'), false);
});

test('Shanghai: weekend days and holidays are closed all day', () => {
  assert.equal(allowed(shanghai, '2026-10-03T12:00+08:00'), false); // Saturday
  assert.equal(allowed(shanghai, '2026-10-04T12:00+08:00'), false); // Sunday
  assert.equal(allowed(shanghai, '2026-10-01T12:00+08:00'), false); // Thursday, holiday
  assert.equal(allowed(shanghai, '2026-10-02T12:00+08:00'), true); // Friday
  // The holiday is a Shanghai date: 2026-09-30T16:00Z is already 2026-10-01 there.
  assert.equal(allowed(shanghai, '2026-09-30T15:59:59.999Z'), false); // Wed 23:59 Shanghai, after hours
  assert.equal(allowed({ ...shanghai, holidays: [] }, '2026-10-01T01:00:00Z'), true); // Thu 09:00 Shanghai
  assert.equal(allowed(shanghai, '2026-10-01T01:00:00Z'), false);
});

test('the rejection carries the code, EndStatus restrictedTime (111) and the local time', () => {
  const v = workTimeRule(shanghai).check(attemptAt('2026-10-03T10:00+08:00'), []);
  assert.deepEqual(
    { ...v, message: undefined },
    {
      ok: false,
      rule: 'workTime',
      code: 'FailedOperation.CalloutRuleNotWorkTime',
      endStatus: 111,
      message: undefined,
    },
  );
  assert.ok(!v.ok && v.message.includes('sat 2026-10-03 10:00') && v.message.includes('Asia/Shanghai'), !v.ok ? v.message : '');
  const h = workTimeRule(shanghai).check(attemptAt('2026-10-01T10:00+08:00'), []);
  assert.ok(!h.ok && h.message.includes('holiday'));
});

const newYork: WorkTimeConfig = { timeZone: 'America/New_York', windows: [{ days: [...everyDay], from: '09:00', to: '17:00' }] };

test('New York: 09:00 local is 14:00Z in winter and 13:00Z in summer, on both sides of each DST change', () => {
  // Spring forward on Sunday 2026-03-08.
  assert.equal(allowed(newYork, '2026-03-07T13:30:00Z'), false); // 08:30 EST
  assert.equal(allowed(newYork, '2026-03-07T14:00:00Z'), true); // 09:00 EST
  assert.equal(allowed(newYork, '2026-03-08T12:59:59.999Z'), false); // 08:59 EDT
  assert.equal(allowed(newYork, '2026-03-08T13:00:00Z'), true); // 09:00 EDT
  assert.equal(allowed(newYork, '2026-03-08T20:59:59.999Z'), true); // 16:59 EDT
  assert.equal(allowed(newYork, '2026-03-08T21:00:00Z'), false); // 17:00 EDT
  // Fall back on Sunday 2026-11-01.
  assert.equal(allowed(newYork, '2026-10-31T13:00:00Z'), true); // 09:00 EDT
  assert.equal(allowed(newYork, '2026-11-01T13:00:00Z'), false); // 08:00 EST
  assert.equal(allowed(newYork, '2026-11-01T14:00:00Z'), true); // 09:00 EST
  assert.equal(allowed(newYork, '2026-11-01T22:00:00Z'), false); // 17:00 EST
});

test('New York: a window through the skipped and the repeated hour follows the wall clock', () => {
  const night: WorkTimeConfig = { timeZone: 'America/New_York', windows: [{ days: ['sun'], from: '01:00', to: '02:00' }] };
  assert.equal(allowed(night, '2026-03-08T06:59:59Z'), true); // 01:59:59 EST
  assert.equal(allowed(night, '2026-03-08T07:00:00Z'), false); // 03:00 EDT: 02:xx never happened
  assert.equal(allowed(night, '2026-11-01T05:30:00Z'), true); // 01:30 EDT
  assert.equal(allowed(night, '2026-11-01T06:30:00Z'), true); // 01:30 EST, the hour again
  assert.equal(allowed(night, '2026-11-01T07:00:00Z'), false); // 02:00 EST
});

test('overnight windows run past midnight into the next day and belong to the day they open', () => {
  const nights: WorkTimeConfig = {
    timeZone: 'Europe/London',
    windows: [{ days: ['fri'], from: '22:00', to: '02:00' }],
    holidays: ['2026-07-17'],
  };
  // 2026-07-10 is a Friday (BST, UTC+1).
  assert.equal(allowed(nights, '2026-07-10T21:59:59.999+01:00'), false);
  assert.equal(allowed(nights, '2026-07-10T22:00:00+01:00'), true);
  assert.equal(allowed(nights, '2026-07-10T23:59:59.999+01:00'), true);
  assert.equal(allowed(nights, '2026-07-11T00:00:00+01:00'), true); // Saturday, the tail of Friday
  assert.equal(allowed(nights, '2026-07-11T01:59:59.999+01:00'), true);
  assert.equal(allowed(nights, '2026-07-11T02:00:00+01:00'), false);
  assert.equal(allowed(nights, '2026-07-09T23:00:00+01:00'), false); // Thursday night
  assert.equal(allowed(nights, '2026-07-10T01:00:00+01:00'), false); // Friday early: Thursday has no window
  assert.equal(allowed(nights, '2026-07-12T01:00:00+01:00'), false); // Sunday early: Saturday has none
  // Friday 2026-07-17 is a holiday: its night is cancelled, tail included.
  assert.equal(allowed(nights, '2026-07-17T23:00:00+01:00'), false);
  assert.equal(allowed(nights, '2026-07-18T01:00:00+01:00'), false);
});

test("a holiday also closes the tail of the previous night's window", () => {
  const nights: WorkTimeConfig = {
    timeZone: 'UTC',
    windows: [{ days: [...everyDay], from: '20:00', to: '06:00' }],
    holidays: ['2026-12-25'],
  };
  assert.equal(allowed(nights, '2026-12-24T23:59:59.999Z'), true);
  assert.equal(allowed(nights, '2026-12-25T00:00:00Z'), false);
  assert.equal(allowed(nights, '2026-12-25T21:00:00Z'), false);
  assert.equal(allowed(nights, '2026-12-26T05:59:59.999Z'), false); // tail of the holiday's night
  assert.equal(allowed(nights, '2026-12-26T20:00:00Z'), true);
});

test('several windows: any one admits; 24:00 closes at midnight; 00:00-24:00 is the whole day', () => {
  const split: WorkTimeConfig = {
    timeZone: 'Asia/Kolkata',
    windows: [
      { days: [...weekdays], from: '09:30', to: '12:30' },
      { days: [...weekdays], from: '14:00', to: '24:00' },
      { days: ['sat'], from: '00:00', to: '24:00' },
    ],
  };
  // 2026-06-10 is a Wednesday; Kolkata is UTC+05:30.
  assert.equal(allowed(split, '2026-06-10T09:29:59.999+05:30'), false);
  assert.equal(allowed(split, '2026-06-10T09:30+05:30'), true);
  assert.equal(allowed(split, '2026-06-10T13:00+05:30'), false);
  assert.equal(allowed(split, '2026-06-10T23:59:59.999+05:30'), true);
  assert.equal(allowed(split, '2026-06-11T00:00+05:30'), false);
  assert.equal(allowed(split, '2026-06-13T00:00+05:30'), true); // Saturday
  assert.equal(allowed(split, '2026-06-13T23:59:59.999+05:30'), true);
  assert.equal(allowed(split, '2026-06-14T00:00+05:30'), false); // Sunday
});

test('work time needs no counts', () => {
  assert.deepEqual(workTimeRule(shanghai).needs(attemptAt('2026-10-03T10:00+08:00')), []);
});

const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const windowArb = fc
  .record({ days: fc.uniqueArray(fc.constantFrom(...everyDay), { minLength: 1 }), from: hhmm, to: hhmm })
  .filter((w) => w.from !== w.to);
const WEEK_MS = 7 * 86_400_000;

test("the zone's own history is followed: China observed DST until 1991 (fast-check found it)", () => {
  const sat = workTimeRule({ timeZone: 'Asia/Shanghai', windows: [{ days: ['sat'], from: '08:00', to: '09:00' }] });
  assert.equal(sat.check(attemptAt('1991-06-01T08:30+09:00'), []).ok, true); // 08:30 CDT
  assert.equal(sat.check(attemptAt('1991-06-01T08:30+08:00'), []).ok, false); // 09:30 CDT
  assert.equal(sat.check(attemptAt('2001-06-02T08:30+08:00'), []).ok, true); // plain CST since
});

test('property: without DST and holidays, the verdict repeats every 7 days (UTC, Asia/Shanghai)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('UTC', 'Asia/Shanghai'),
      fc.array(windowArb, { minLength: 1, maxLength: 3 }),
      // China observed DST until 1991, so both instants stay after 1992.
      fc.integer({ min: Date.UTC(2002, 0, 1), max: Date.UTC(2060, 0, 1) }),
      fc.integer({ min: -520, max: 520 }),
      (timeZone, windows, ms, weeks) => {
        const rule = workTimeRule({ timeZone, windows });
        assert.equal(rule.check(attemptAt(ms), []).ok, rule.check(attemptAt(ms + weeks * WEEK_MS), []).ok);
      },
    ),
    { numRuns: 500 },
  );
});

test('property: in UTC the verdict equals a direct reading of the windows', () => {
  const dayNames: string[] = [...everyDay];
  const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  fc.assert(
    fc.property(
      fc.array(windowArb, { minLength: 1, maxLength: 3 }),
      fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2060, 0, 1) }),
      (windows, ms) => {
        const d = new Date(ms);
        const minute = d.getUTCHours() * 60 + d.getUTCMinutes();
        const today = dayNames[d.getUTCDay()] as (typeof everyDay)[number];
        const yesterday = dayNames[(d.getUTCDay() + 6) % 7] as (typeof everyDay)[number];
        const expected = windows.some((w) => {
          const [from, to] = [toMinutes(w.from), toMinutes(w.to)];
          if (from < to) return w.days.includes(today) && minute >= from && minute < to;
          return (w.days.includes(today) && minute >= from) || (w.days.includes(yesterday) && minute < to);
        });
        assert.equal(workTimeRule({ timeZone: 'UTC', windows }).check(attemptAt(ms), []).ok, expected);
      },
    ),
    { numRuns: 500 },
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calleeDailyCapRule } from '../../../src/domain/rules/callee-daily-cap.ts';
import { attemptAt } from './attempt.ts';
import type { WindowCountQuery } from '../../../src/domain/rules/rule.ts';

test('counts since local midnight of the given zone', () => {
  const shanghai = calleeDailyCapRule({ maxCalls: 5 }, 'Asia/Shanghai');
  assert.deepEqual(shanghai.needs(attemptAt('2026-05-05T15:59:59.999Z')), [
    { subject: 'callee', sinceMs: Date.parse('2026-05-04T16:00:00Z') },
  ]);
  assert.deepEqual(shanghai.needs(attemptAt('2026-05-05T16:00:00Z')), [{ subject: 'callee', sinceMs: Date.parse('2026-05-05T16:00:00Z') }]);
  const ny = calleeDailyCapRule({ maxCalls: 5 }, 'America/New_York');
  assert.deepEqual(ny.needs(attemptAt('2026-03-08T20:00:00Z')), [{ subject: 'callee', sinceMs: Date.parse('2026-03-08T05:00:00Z') }]);
});

test('without a zone the day is the UTC day', () => {
  const utc = calleeDailyCapRule({ maxCalls: 5 });
  assert.deepEqual(utc.needs(attemptAt('2026-05-05T23:59:59.999Z')), [{ subject: 'callee', sinceMs: Date.parse('2026-05-05T00:00:00Z') }]);
  assert.deepEqual(utc.needs(attemptAt('2026-05-06T00:00:00Z')), [{ subject: 'callee', sinceMs: Date.parse('2026-05-06T00:00:00Z') }]);
});

test('4 prior calls today admit, 5 refuse with the per-day code and EndStatus tooManyRequest (109)', () => {
  const rule = calleeDailyCapRule({ maxCalls: 5 }, 'Asia/Shanghai');
  const now = attemptAt('2026-05-05T12:00+08:00');
  assert.equal(rule.check(now, [4]).ok, true);
  const v = rule.check(now, [5]);
  assert.ok(!v.ok);
  assert.deepEqual([v.rule, v.code, v.endStatus], ['calleeDaily', 'FailedOperation.CalloutRuleMaxCallCountCalleePerDayAppID', 109]);
  assert.match(v.message, /has had 5 calls today \(Asia\/Shanghai\)/);
});

test('replayed against a call log: the cap resets at local midnight, not 24 hours after the first call', () => {
  const rule = calleeDailyCapRule({ maxCalls: 2 }, 'Asia/Shanghai');
  const log: number[] = [];
  const attempt = (when: string) => {
    const a = attemptAt(when);
    const [q] = rule.needs(a);
    const ok = rule.check(a, [log.filter((t) => t >= (q as WindowCountQuery).sinceMs).length]).ok;
    if (ok) log.push(a.nowMs);
    return ok;
  };
  assert.equal(attempt('2026-05-05T23:00+08:00'), true);
  assert.equal(attempt('2026-05-05T23:30+08:00'), true);
  assert.equal(attempt('2026-05-05T23:59:59.999+08:00'), false);
  assert.equal(attempt('2026-05-06T00:00+08:00'), true);
  assert.equal(attempt('2026-05-06T08:00+08:00'), true);
  assert.equal(attempt('2026-05-06T22:00+08:00'), false);
});

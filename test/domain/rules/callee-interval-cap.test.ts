import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calleeIntervalCapRule } from '../../../src/domain/rules/callee-interval-cap.ts';
import { attemptAt } from './attempt.ts';
import type { WindowCountQuery } from '../../../src/domain/rules/rule.ts';

const rule = calleeIntervalCapRule({ maxCalls: 2, windowSeconds: 3600 });
const now = Date.parse('2026-05-05T10:00:00Z');

test('asks for calls to the callee in the last windowSeconds: a call exactly windowSeconds ago has left', () => {
  assert.deepEqual(rule.needs(attemptAt(now)), [{ subject: 'callee', sinceMs: now - 3_600_000 + 1 }]);
});

test('maxCalls - 1 prior calls admit, maxCalls and more refuse with EndStatus tooManyRequest (109)', () => {
  assert.equal(rule.check(attemptAt(now), [0]).ok, true);
  assert.equal(rule.check(attemptAt(now), [1]).ok, true);
  for (const count of [2, 3, 100]) {
    const v = rule.check(attemptAt(now), [count]);
    assert.ok(!v.ok, String(count));
    assert.deepEqual([v.rule, v.code, v.endStatus], ['calleeInterval', 'FailedOperation.CalloutRuleMaxCallCountCalleeIntervalTime', 109]);
    assert.match(v.message, new RegExp(`\\+8613800138000 has had ${count} calls in the last 3600 s; app 1400000000 allows 2`));
  }
});

test('replayed against a call log counted as storage does (started_at >= since)', () => {
  const log: number[] = [];
  const attempt = (ms: number) => {
    const [q] = rule.needs(attemptAt(ms));
    const ok = rule.check(attemptAt(ms), [log.filter((t) => t >= (q as WindowCountQuery).sinceMs).length]).ok;
    if (ok) log.push(ms);
    return ok;
  };
  assert.equal(attempt(now), true);
  assert.equal(attempt(now + 1000), true);
  assert.equal(attempt(now + 2000), false);
  assert.equal(attempt(now + 3_599_999), false); // the first call is still inside the hour
  assert.equal(attempt(now + 3_600_000), true); // exactly an hour after the first: it has left
  assert.equal(attempt(now + 3_600_001), false); // the second call and the one just admitted
  assert.equal(attempt(now + 3_601_000), true);
});

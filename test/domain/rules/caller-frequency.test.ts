import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callerFrequencyRule } from '../../../src/domain/rules/caller-frequency.ts';
import { attemptAt } from './attempt.ts';
import type { WindowCountQuery } from '../../../src/domain/rules/rule.ts';

const rule = callerFrequencyRule({ maxCalls: 60, windowSeconds: 60 });
const now = Date.parse('2026-05-05T10:00:00Z');

test('asks for calls from the caller number in the last windowSeconds', () => {
  assert.deepEqual(rule.needs(attemptAt(now)), [{ subject: 'caller', sinceMs: now - 60_000 + 1 }]);
});

test('59 prior calls admit the 60th; 60 refuse with CallerOverFrequency and EndStatus tooManyRequest (109)', () => {
  assert.equal(rule.check(attemptAt(now), [59]).ok, true);
  const v = rule.check(attemptAt(now), [60]);
  assert.ok(!v.ok);
  assert.deepEqual([v.rule, v.code, v.endStatus], ['callerFrequency', 'FailedOperation.CallerOverFrequency', 109]);
  assert.match(v.message, /Caller \+8610000000001 has had 60 calls in the last 60 s/);
});

test('a burst: 60 calls in one second, then the 61st waits until the first is a full window old', () => {
  const log: number[] = [];
  const attempt = (ms: number) => {
    const [q] = rule.needs(attemptAt(ms));
    const ok = rule.check(attemptAt(ms), [log.filter((t) => t >= (q as WindowCountQuery).sinceMs).length]).ok;
    if (ok) log.push(ms);
    return ok;
  };
  for (let i = 0; i < 60; i++) assert.equal(attempt(now + i * 10), true, `call ${i + 1}`);
  assert.equal(attempt(now + 1000), false);
  assert.equal(attempt(now + 59_999), false);
  assert.equal(attempt(now + 60_000), true);
  assert.equal(attempt(now + 60_001), false); // the call at +10 ms is 59.991 s old
  assert.equal(attempt(now + 60_010), true);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callerConcurrencyRule } from '../../../src/domain/rules/caller-concurrency.ts';
import { attemptAt } from './attempt.ts';

test('admits while fewer than maxChannels calls are live on the caller number', () => {
  const rule = callerConcurrencyRule({ maxChannels: 2 });
  assert.deepEqual(rule.needs(attemptAt(0)), [{ subject: 'callerChannels' }]);
  assert.equal(rule.check(attemptAt(0), [0]).ok, true);
  assert.equal(rule.check(attemptAt(0), [1]).ok, true);
  const refused = rule.check(attemptAt(0), [2]);
  assert.ok(!refused.ok);
  assert.deepEqual([refused.rule, refused.code, refused.endStatus], ['callerConcurrency', 'FailedOperation.CallerOverFrequency', 109]);
  assert.match(refused.message, /2 calls in progress/);
});

test('a missing count is an error, never zero', () => {
  const rule = callerConcurrencyRule({ maxChannels: 1 });
  assert.throws(() => rule.check(attemptAt(0), []));
  assert.throws(() => rule.check(attemptAt(0), [Number.NaN]));
});

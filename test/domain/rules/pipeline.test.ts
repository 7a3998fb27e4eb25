import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildRules, evaluateRules, pendingQueries } from '../../../src/domain/rules/pipeline.ts';
import { outboundRulesConfigSchema, type OutboundRulesConfig } from '../../../src/domain/rules/rules-config.ts';
import type { CallAttempt } from '../../../src/domain/rules/rule.ts';
import { attemptAt } from './attempt.ts';

const config: OutboundRulesConfig = outboundRulesConfigSchema.parse({
  workTime: { timeZone: 'Asia/Shanghai', windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '21:00' }] },
  blindAreas: ['+8610', 'KP'],
  calleeInterval: { maxCalls: 2, windowSeconds: 3600 },
  calleeDaily: { maxCalls: 5 },
  callerFrequency: { maxCalls: 60, windowSeconds: 60 },
});
const blacklist = ['008613900139000', '+861012345678'];
const rules = buildRules(config, blacklist);
const open = '2026-05-06T10:00+08:00'; // a Wednesday, in hours

/** Counts for the five-rule set: [interval, daily, caller frequency]. */
const counts = (interval: number, daily: number, caller: number): number[][] => [[], [], [], [interval], [daily], [caller]];

test('rules are built in the documented order', () => {
  assert.deepEqual(
    rules.map((r) => r.name),
    ['blacklist', 'blindArea', 'workTime', 'calleeInterval', 'calleeDaily', 'callerFrequency'],
  );
});

test('all rules off: no rules, no queries, every attempt admitted', () => {
  const none = buildRules(outboundRulesConfigSchema.parse({}), []);
  assert.deepEqual(none, []);
  assert.deepEqual(pendingQueries(none, attemptAt(open)), []);
  assert.deepEqual(evaluateRules(none, attemptAt(open), []), { ok: true });
  assert.deepEqual(buildRules({ blindAreas: [] }, []), []);
});

test('only counting rules ask for counts; the daily window uses the work-time zone', () => {
  const a = attemptAt(open);
  assert.deepEqual(pendingQueries(rules, a), [
    [],
    [],
    [],
    [{ subject: 'callee', sinceMs: a.nowMs - 3_600_000 + 1 }],
    [{ subject: 'callee', sinceMs: Date.parse('2026-05-06T00:00+08:00') }],
    [{ subject: 'caller', sinceMs: a.nowMs - 60_000 + 1 }],
  ]);
  const justDaily = buildRules({ calleeDaily: { maxCalls: 1 } }, []);
  assert.deepEqual(pendingQueries(justDaily, a), [[{ subject: 'callee', sinceMs: Date.parse('2026-05-06T00:00Z') }]]);
});

test('an attempt that passes every rule is admitted', () => {
  assert.deepEqual(evaluateRules(rules, attemptAt(open), counts(1, 4, 59)), { ok: true });
});

test('first failure wins: each rule reports only when every rule before it passed', () => {
  const reason = (a: CallAttempt, c: number[][]) => {
    const v = evaluateRules(rules, a, c);
    return v.ok ? 'ok' : v.rule;
  };
  const saturday = '2026-05-09T10:00+08:00';
  const everything = (callee: string) => reason(attemptAt(saturday, { calleeE164: callee }), counts(9, 9, 99));
  // Blacklisted and in a blind area, at the weekend, over every cap: the blacklist speaks.
  assert.equal(everything('+861012345678'), 'blacklist');
  assert.equal(everything('+861012345679'), 'blindArea');
  assert.equal(everything('+8613800138000'), 'workTime');
  assert.equal(reason(attemptAt(open), counts(9, 9, 99)), 'calleeInterval');
  assert.equal(reason(attemptAt(open), counts(1, 9, 99)), 'calleeDaily');
  assert.equal(reason(attemptAt(open), counts(1, 4, 99)), 'callerFrequency');
});

test('each refusal carries its own code and EndStatus', () => {
  const v = (a: CallAttempt, c: number[][]) => {
    const r = evaluateRules(rules, a, c);
    return r.ok ? undefined : [r.code, r.endStatus];
  };
  assert.deepEqual(v(attemptAt(open, { calleeE164: '+8613900139000' }), counts(0, 0, 0)), ['FailedOperation.CalleeIsBlackUser', 100]);
  assert.deepEqual(v(attemptAt(open, { calleeE164: '+850212345678' }), counts(0, 0, 0)), ['FailedOperation.CalloutRuleBlindArea', 110]);
  assert.deepEqual(v(attemptAt('2026-05-06T21:00+08:00'), counts(0, 0, 0)), ['FailedOperation.CalloutRuleNotWorkTime', 111]);
  assert.deepEqual(v(attemptAt(open), counts(2, 0, 0)), ['FailedOperation.CalloutRuleMaxCallCountCalleeIntervalTime', 109]);
  assert.deepEqual(v(attemptAt(open), counts(0, 5, 0)), ['FailedOperation.CalloutRuleMaxCallCountCalleePerDayAppID', 109]);
  assert.deepEqual(v(attemptAt(open), counts(0, 0, 60)), ['FailedOperation.CallerOverFrequency', 109]);
});

test('counts that do not answer the queries are a programming error', () => {
  assert.throws(() => evaluateRules(rules, attemptAt(open), counts(0, 0, 0).slice(1)), /6 rules but 5 count lists/);
  assert.throws(() => evaluateRules(rules, attemptAt(open), [[], [], [], [], [0], [0]]), /needs exactly one count/);
});

const e164ish = fc.oneof(
  fc.stringMatching(/^\+[0-9]{0,20}$/),
  fc.stringMatching(/^(00)?[0-9 ()-]{0,20}$/),
  fc.string({ maxLength: 24 }),
  fc.constantFrom('', '+', '+0', '+1', '+86', '+800', '+999999999999999', '+８６１３８'),
);

test('property: no rule throws on arbitrary E.164-like numbers, and a verdict is always well formed', () => {
  fc.assert(
    fc.property(
      e164ish,
      e164ish,
      fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) }),
      fc.nat(100),
      (callee, caller, ms, n) => {
        const a = attemptAt(ms, { calleeE164: callee, callerE164: caller });
        const answered = pendingQueries(rules, a).map((qs) => qs.map(() => n));
        const v = evaluateRules(rules, a, answered);
        if (!v.ok) assert.ok(v.rule && v.code && v.endStatus >= 100 && v.message.length > 0);
      },
    ),
    { numRuns: 500 },
  );
});

test('property: the verdict is the first failing rule run on its own', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('+8613800138000', '+8613900139000', '+861012345678', '+850212345678', '+14155550100'),
      fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }),
      fc.array(fc.nat(70), { minLength: 3, maxLength: 3 }),
      (callee, ms, [i, d, c]) => {
        const a = attemptAt(ms, { calleeE164: callee });
        const cs = counts(i!, d!, c!);
        const first = rules.map((r, k) => r.check(a, cs[k]!)).find((v) => !v.ok) ?? { ok: true };
        assert.deepEqual(evaluateRules(rules, a, cs), first);
      },
    ),
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildRules, evaluateRules, needsCalleeArea, pendingQueries } from '../../../src/domain/rules/pipeline.ts';
import { outboundRulesConfigSchema } from '../../../src/domain/rules/rules-config.ts';
import { TCCC_PRESET, effectiveRules } from '../../../src/domain/rules/tccc-preset.ts';
import type { CallAttempt, CountQuery } from '../../../src/domain/rules/rule.ts';
import { attemptAt } from './attempt.ts';

const parse = (v: unknown) => outboundRulesConfigSchema.parse(v);
const preset = buildRules(parse({ preset: 'tccc' }), []);
const urumchi = { subdivision: 'CN-XJ', cities: ['Urumchi'] } as const;
const beijing = { subdivision: 'CN-BJ', cities: ['Beijing'] } as const;

/** Evaluates with counts from a log of prior call instants (callee and caller alike) and a number of live calls. */
function verdict(attempt: CallAttempt, priorCalls: number[] = [], liveOnCaller = 0) {
  const counts = pendingQueries(preset, attempt).map((qs) =>
    qs.map((q: CountQuery) => (q.subject === 'callerChannels' ? liveOnCaller : priorCalls.filter((t) => t >= q.sinceMs).length)),
  );
  return evaluateRules(preset, attempt, counts);
}
const at = (when: string, area: typeof urumchi | typeof beijing | null = beijing) => attemptAt(when, { calleeArea: area });

test('the preset is the numbers of TCCC doc 679/79155, in pipeline order', () => {
  assert.deepEqual(
    preset.map((r) => r.name),
    ['blindArea', 'workTime', 'calleeInterval', 'calleeDaily', 'callerConcurrency'],
  );
  assert.deepEqual(TCCC_PRESET.blindAreas, ['CN-XJ', 'CN-XZ']);
  assert.deepEqual(TCCC_PRESET.calleeInterval, { maxCalls: 3, windowSeconds: 300 });
  assert.deepEqual(TCCC_PRESET.calleeDaily, { maxCalls: 5, rolling: true });
  assert.deepEqual(TCCC_PRESET.callerConcurrency, { maxChannels: 1 });
  assert.ok(needsCalleeArea(preset));
});

test('08:00-21:00 Beijing time, every day', () => {
  assert.equal(verdict(at('2026-05-10T07:59:59+08:00')).ok, false); // a Sunday
  assert.equal(verdict(at('2026-05-10T08:00:00+08:00')).ok, true);
  assert.equal(verdict(at('2026-05-10T20:59:59+08:00')).ok, true);
  const late = verdict(at('2026-05-10T21:00:00+08:00'));
  assert.ok(!late.ok && late.endStatus === 111 && late.code === 'FailedOperation.CalloutRuleNotWorkTime');
});

test('Xinjiang and Tibet are refused at any hour, before the time of day', () => {
  const r = verdict(at('2026-05-10T03:00:00+08:00', urumchi));
  assert.ok(!r.ok && r.rule === 'blindArea' && r.endStatus === 110);
  assert.equal(verdict(at('2026-05-10T10:00:00+08:00', { subdivision: 'CN-XZ', cities: ['Lhasa'] } as never)).ok, false);
});

test('the same callee: 3 in any 5 minutes, 5 in any 24 hours (sliding, not the calendar day)', () => {
  const now = Date.parse('2026-05-10T12:00:00+08:00');
  const a = attemptAt(now, { calleeArea: beijing });
  const min = 60_000;
  assert.equal(verdict(a, [now - 4 * min, now - 3 * min]).ok, true);
  assert.equal((verdict(a, [now - 4 * min, now - 3 * min, now - 1 * min]) as { rule: string }).rule, 'calleeInterval');
  assert.equal(verdict(a, [now - 5 * min, now - 4 * min, now - 3 * min]).ok, true, 'a call exactly 5 min ago has left the window');
  const hour = 60 * min;
  assert.equal(verdict(a, [now - 20 * hour, now - 15 * hour, now - 13 * hour, now - hour]).ok, true);
  assert.equal(
    (verdict(a, [now - 20 * hour, now - 15 * hour, now - 13 * hour, now - 2 * hour, now - hour]) as { rule: string }).rule,
    'calleeDaily',
  );
  assert.equal(verdict(a, [now - 24 * hour, now - 15 * hour, now - 13 * hour, now - 2 * hour, now - hour]).ok, true, '24 h, not today');
});

test('one channel per caller number', () => {
  const a = at('2026-05-10T12:00:00+08:00');
  assert.equal(verdict(a, [], 0).ok, true);
  const busy = verdict(a, [], 1);
  assert.ok(!busy.ok && busy.rule === 'callerConcurrency' && busy.code === 'FailedOperation.CallerOverFrequency' && busy.endStatus === 109);
});

test('keys beside the preset replace single rules; null turns one off', () => {
  const hours = { timeZone: 'UTC', windows: [{ days: ['mon'], from: '00:00', to: '24:00' }] };
  const merged = effectiveRules(
    parse({ preset: 'tccc', workTime: hours, callerConcurrency: null, callerFrequency: { maxCalls: 9, windowSeconds: 60 } }),
  );
  assert.deepEqual(merged.workTime, hours);
  assert.equal(merged.callerConcurrency, undefined);
  assert.deepEqual(merged.callerFrequency, { maxCalls: 9, windowSeconds: 60 });
  assert.deepEqual(merged.blindAreas, ['CN-XJ', 'CN-XZ']);
  assert.deepEqual(effectiveRules(parse({ preset: 'tccc', blindAreas: [] })).blindAreas, []);
  assert.deepEqual(effectiveRules(parse({ workTime: null })), {}, 'without a preset null is absent');
  assert.deepEqual(effectiveRules(parse({})), {});
  assert.throws(() => parse({ preset: 'aws' }));
});

test('property: with the preset, a call is admitted exactly when every TCCC default allows it', () => {
  const start = Date.parse('2026-01-01T00:00:00Z');
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 365 * 86_400_000 }),
      fc.array(fc.integer({ min: 0, max: 2 * 86_400_000 }), { maxLength: 8 }),
      fc.integer({ min: 0, max: 2 }),
      fc.boolean(),
      (offset, agesMs, live, inXinjiang) => {
        const now = start + offset;
        const prior = agesMs.map((age) => now - age);
        const localHour = new Date(now + 8 * 3_600_000).getUTCHours();
        const inWindow = (ms: number) => prior.filter((t) => t > now - ms).length;
        const expected = !inXinjiang && localHour >= 8 && localHour < 21 && inWindow(300_000) < 3 && inWindow(86_400_000) < 5 && live < 1;
        assert.equal(verdict(attemptAt(now, { calleeArea: inXinjiang ? urumchi : beijing }), prior, live).ok, expected);
      },
    ),
    { numRuns: 2000 },
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { calleeDailyCapRule } from '../../../src/domain/rules/callee-daily-cap.ts';
import { calleeIntervalCapRule } from '../../../src/domain/rules/callee-interval-cap.ts';
import { callerFrequencyRule } from '../../../src/domain/rules/caller-frequency.ts';
import type { OutboundRule } from '../../../src/domain/rules/rule.ts';
import { attemptAt } from './attempt.ts';
import type { WindowCountQuery } from '../../../src/domain/rules/rule.ts';

const caps = (maxCalls: number, windowSeconds: number): OutboundRule[] => [
  calleeIntervalCapRule({ maxCalls, windowSeconds }),
  calleeDailyCapRule({ maxCalls }, 'Asia/Shanghai'),
  callerFrequencyRule({ maxCalls, windowSeconds }),
];

test('property: more prior calls never turn a refusal into an admission; the threshold is exactly maxCalls', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 1000 }),
      fc.integer({ min: 1, max: 86_400 }),
      fc.nat(2000),
      fc.nat(2000),
      fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2060, 0, 1) }),
      (maxCalls, windowSeconds, a, b, ms) => {
        const [fewer, more] = a <= b ? [a, b] : [b, a];
        for (const rule of caps(maxCalls, windowSeconds)) {
          const atFewer = rule.check(attemptAt(ms), [fewer]).ok;
          const atMore = rule.check(attemptAt(ms), [more]).ok;
          assert.ok(atFewer || !atMore, `${rule.name}: refused at ${fewer}, admitted at ${more}`);
          assert.equal(atFewer, fewer < maxCalls, rule.name);
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('property: every count query looks back from now, never forward', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 366 * 86_400 }),
      fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2060, 0, 1) }),
      (windowSeconds, ms) => {
        for (const rule of caps(1, windowSeconds)) {
          const [q] = rule.needs(attemptAt(ms));
          assert.ok(q && (q as WindowCountQuery).sinceMs <= ms, rule.name);
        }
      },
    ),
  );
});

test('a missing or extra count is a programming error, never read as zero', () => {
  for (const rule of caps(2, 60)) {
    for (const bad of [[], [1, 2], [Number.NaN]]) {
      assert.throws(() => rule.check(attemptAt(0), bad), /needs exactly one count/, `${rule.name} ${JSON.stringify(bad)}`);
    }
  }
});

import { countCapRule, slidingSince } from './count-cap.ts';
import type { OutboundRule } from './rule.ts';

/** At most maxCalls calls placed from one caller number within any windowSeconds (sliding window). */
export function callerFrequencyRule(config: { maxCalls: number; windowSeconds: number }): OutboundRule {
  return countCapRule({
    name: 'callerFrequency',
    subject: 'caller',
    code: 'FailedOperation.CallerOverFrequency',
    maxCalls: config.maxCalls,
    since: (attempt) => slidingSince(attempt.nowMs, config.windowSeconds),
    period: `in the last ${config.windowSeconds} s`,
  });
}

import { countCapRule, slidingSince } from './count-cap.ts';
import type { OutboundRule } from './rule.ts';

/** At most maxCalls calls admitted to one callee within any windowSeconds (sliding window). */
export function calleeIntervalCapRule(config: { maxCalls: number; windowSeconds: number }): OutboundRule {
  return countCapRule({
    name: 'calleeInterval',
    subject: 'callee',
    code: 'FailedOperation.CalloutRuleMaxCallCountCalleeIntervalTime',
    maxCalls: config.maxCalls,
    since: (attempt) => slidingSince(attempt.nowMs, config.windowSeconds),
    period: `in the last ${config.windowSeconds} s`,
  });
}

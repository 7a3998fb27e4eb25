import { countCapRule } from './count-cap.ts';
import { zone } from './local-time.ts';
import type { OutboundRule } from './rule.ts';

/**
 * At most maxCalls calls admitted to one callee per calendar day. The day is the local day of
 * `timeZone` (the app's workTime zone when configured, else UTC): it resets at local midnight.
 */
export function calleeDailyCapRule(config: { maxCalls: number }, timeZone = 'UTC'): OutboundRule {
  const tz = zone(timeZone);
  return countCapRule({
    name: 'calleeDaily',
    subject: 'callee',
    code: 'FailedOperation.CalloutRuleMaxCallCountCalleePerDayAppID',
    maxCalls: config.maxCalls,
    since: (attempt) => tz.startOfDay(attempt.nowMs),
    period: `today (${timeZone})`,
  });
}

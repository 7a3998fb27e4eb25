import { countCapRule, slidingSince } from './count-cap.ts';
import { zone } from './local-time.ts';
import type { OutboundRule } from './rule.ts';

/**
 * At most maxCalls calls admitted to one callee per day. By default the day is the local day of
 * `timeZone` (the app's workTime zone when configured, else UTC): it resets at local midnight.
 * `rolling: true` counts the last 24 hours instead (TCCC's "5 times in 24 hours").
 */
export function calleeDailyCapRule(config: { maxCalls: number; rolling?: boolean | undefined }, timeZone = 'UTC'): OutboundRule {
  if (config.rolling) {
    return countCapRule({
      name: 'calleeDaily',
      subject: 'callee',
      code: 'FailedOperation.CalloutRuleMaxCallCountCalleePerDayAppID',
      maxCalls: config.maxCalls,
      since: (attempt) => slidingSince(attempt.nowMs, 86_400),
      period: 'in the last 24 hours',
    });
  }
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

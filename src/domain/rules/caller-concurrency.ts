import { EndStatus } from '../end-status.ts';
import { ADMIT, type OutboundRule } from './rule.ts';

/**
 * At most maxChannels calls at once on one caller number, inbound and outbound together (TCCC's
 * default is one channel per number). Counts the app's unfinished sessions on that number.
 * TCCC publishes no error code of its own for it; openccc answers the caller number's limit,
 * FailedOperation.CallerOverFrequency, with EndStatus tooManyRequest (109).
 */
export function callerConcurrencyRule(config: { maxChannels: number }): OutboundRule {
  return {
    name: 'callerConcurrency',
    needs: () => [{ subject: 'callerChannels' }],
    check(attempt, counts) {
      const busy = counts[0];
      if (counts.length !== 1 || busy === undefined || !Number.isFinite(busy)) {
        throw new Error(`rule callerConcurrency needs exactly one count, got ${JSON.stringify(counts)}`);
      }
      if (busy < config.maxChannels) return ADMIT;
      return {
        ok: false,
        rule: 'callerConcurrency',
        code: 'FailedOperation.CallerOverFrequency',
        endStatus: EndStatus.tooManyRequest,
        message: `Caller ${attempt.callerE164} has ${busy} calls in progress; app ${attempt.sdkAppId} allows ${config.maxChannels} at once per number.`,
      };
    },
  };
}

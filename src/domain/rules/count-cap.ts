import type { ErrorCode } from '../../shared/errors.ts';
import { EndStatus } from '../end-status.ts';
import type { CallAttempt, OutboundRule } from './rule.ts';
import { ADMIT } from './rule.ts';

/**
 * What the three counting rules share: one count of prior calls since a time, rejected once it
 * has reached maxCalls (the attempt being admitted would be call maxCalls + 1).
 */
export interface CountCapSpec {
  name: string;
  subject: 'callee' | 'caller';
  code: ErrorCode;
  maxCalls: number;
  since(attempt: CallAttempt): number;
  /** Completes "<subject> has had N calls ..." for the message, e.g. "in the last 3600 s". */
  period: string;
}

export function countCapRule(spec: CountCapSpec): OutboundRule {
  return {
    name: spec.name,
    needs: (attempt) => [{ subject: spec.subject, sinceMs: spec.since(attempt) }],
    check(attempt, counts) {
      const count = counts[0];
      // A missing count must not read as zero: that would admit calls the rule exists to stop.
      if (counts.length !== 1 || count === undefined || !Number.isFinite(count)) {
        throw new Error(`rule ${spec.name} needs exactly one count, got ${JSON.stringify(counts)}`);
      }
      if (count < spec.maxCalls) return ADMIT;
      const who = spec.subject === 'callee' ? `Callee ${attempt.calleeE164}` : `Caller ${attempt.callerE164}`;
      return {
        ok: false,
        rule: spec.name,
        code: spec.code,
        endStatus: EndStatus.tooManyRequest,
        message: `${who} has had ${count} calls ${spec.period}; app ${attempt.sdkAppId} allows ${spec.maxCalls}.`,
      };
    },
  };
}

/** The start of a sliding window: a call exactly windowSeconds ago has just left it. */
export function slidingSince(nowMs: number, windowSeconds: number): number {
  return nowMs - windowSeconds * 1000 + 1;
}

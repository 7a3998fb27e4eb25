import type { ErrorCode } from '../../shared/errors.ts';
import type { EndStatusCode } from '../end-status.ts';
import type { CalleeArea } from './cn-subdivisions.ts';

/**
 * The seam of the outbound compliance rules. A rule is pure and synchronous: it names the counts
 * it needs (the app answers them from storage), then decides from the attempt and those counts.
 * Splitting "needs" from "check" keeps I/O out of the domain and makes every boundary testable.
 */

/** One CreateIVRSession call-out about to be admitted; numbers are already E.164. */
export interface CallAttempt {
  /** The injected clock's now, Unix ms: rules never read the wall clock. */
  nowMs: number;
  sdkAppId: number;
  calleeE164: string;
  callerE164: string;
  /**
   * Where the callee's number is attributed (geocoded by the app, which does the I/O): null when
   * the data cannot tell, absent when nobody resolved it (only rules with needsCalleeArea get it).
   */
  calleeArea?: CalleeArea | null;
}

/**
 * A count the rule needs before it can decide: calls of this app to the callee (or from the
 * caller) that started at or after `sinceMs` (inclusive, as SessionRepository counts them); or
 * `callerChannels`, the calls of this app now in progress on the caller number, in or out.
 */
export type WindowCountQuery = { subject: 'callee' | 'caller'; sinceMs: number };
export type CountQuery = WindowCountQuery | { subject: 'callerChannels' };

export type RuleVerdict = { ok: true } | { ok: false; rule: string; code: ErrorCode; endStatus: EndStatusCode; message: string };

export interface OutboundRule {
  readonly name: string;
  /** True when check() reads attempt.calleeArea, so the app must geocode the callee first. */
  readonly needsCalleeArea?: boolean;
  needs(attempt: CallAttempt): CountQuery[];
  /** `counts` answers `needs(attempt)`, in the same order. */
  check(attempt: CallAttempt, counts: number[]): RuleVerdict;
}

export const ADMIT: RuleVerdict = Object.freeze({ ok: true });

import { ApiError } from '../../shared/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import { parseDialable } from '../../domain/phone-number.ts';
import { eligibleCallers } from '../../domain/number-selection.ts';
import { explainRules, needsCalleeArea, pendingQueries, type RuleCheck } from '../../domain/rules/pipeline.ts';
import type { CalleeArea } from '../../domain/rules/cn-subdivisions.ts';
import type { CallAttempt } from '../../domain/rules/rule.ts';
import type { Storage } from '../../storage/repositories.ts';
import type { CalleeAreaResolver } from '../geo/callee-area-resolver.ts';
import { answerCounts } from '../rule-counts.ts';
import type { App } from '../world.ts';

export interface RuleCheckInput {
  callee: string;
  /** Our number to call from; absent: the app's first usable call-out number. */
  caller?: string;
  /** The instant to judge, Unix ms; absent: now. */
  atMs?: number;
}

export interface RuleCheckReport {
  admitted: boolean;
  calleeE164: string;
  caller: string;
  atMs: number;
  /** Where the callee was placed, when a rule needed it (null: the data cannot tell). */
  calleeArea: CalleeArea | null | undefined;
  checks: RuleCheck[];
}

/** What a dry run reads: the counts come from storage as admission reads them, and nothing is written. */
export interface RuleCheckContext {
  storage: Storage;
  areas: CalleeAreaResolver;
  clock: Clock;
}

/**
 * A dry run of an app's outbound rules for a hypothetical call: every rule's verdict in
 * evaluation order, with the counts it saw. It places no call, writes no CDR and counts nothing.
 */
export async function checkOutboundRules(ctx: RuleCheckContext, app: App, input: RuleCheckInput): Promise<RuleCheckReport> {
  const callee = parseDialable(input.callee);
  if (!callee) throw new ApiError('InvalidParameterValue', `Callee "${input.callee.slice(0, 40)}" is not a dialable phone number.`);
  const caller = callerOf(app, input.caller);
  const atMs = input.atMs ?? ctx.clock.now();
  const attempt: CallAttempt = { nowMs: atMs, sdkAppId: app.sdkAppId, calleeE164: callee.e164, callerE164: caller.e164 };
  if (needsCalleeArea(app.rules)) attempt.calleeArea = await ctx.areas.resolve(callee.e164);
  const counts = await answerCounts(ctx.storage, attempt, caller.number, pendingQueries(app.rules, attempt));
  const checks = explainRules(app.rules, attempt, counts);
  return {
    admitted: checks.every((c) => c.verdict.ok),
    calleeE164: callee.e164,
    caller: caller.number,
    atMs,
    calleeArea: attempt.calleeArea,
    checks,
  };
}

function callerOf(app: App, requested: string | undefined): { number: string; e164: string } {
  if (requested === undefined) {
    const first = eligibleCallers(app.numbers)[0];
    if (!first) throw new ApiError('FailedOperation.NoCallOutNumber', `App ${app.sdkAppId} has no usable call-out number.`);
    return first;
  }
  const parsed = parseDialable(requested);
  if (!parsed) throw new ApiError('InvalidParameterValue', `Caller "${requested.slice(0, 40)}" is not a dialable phone number.`);
  // Counted as admission counts it: by the number as the app's config writes it.
  return app.numbers.find((n) => n.e164 === parsed.e164) ?? { number: requested, e164: parsed.e164 };
}

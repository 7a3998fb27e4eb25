import { blacklistRule } from './blacklist.ts';
import { blindAreaRule } from './blind-area.ts';
import { calleeDailyCapRule } from './callee-daily-cap.ts';
import { calleeIntervalCapRule } from './callee-interval-cap.ts';
import { callerFrequencyRule } from './caller-frequency.ts';
import { callerConcurrencyRule } from './caller-concurrency.ts';
import type { OutboundRulesConfig } from './rules-config.ts';
import { effectiveRules } from './tccc-preset.ts';
import { ADMIT, type CallAttempt, type CountQuery, type OutboundRule, type RuleVerdict } from './rule.ts';
import { workTimeRule } from './work-time.ts';

/**
 * The outbound rule pipeline of one app, built once at config load. Order (first failure wins):
 *   1 blacklist, 2 blindArea, 3 workTime, 4 calleeInterval, 5 calleeDaily, 6 callerFrequency,
 *   7 callerConcurrency.
 * Refusals that no retry can lift come first, then the time of day, then the counters from the
 * callee's shortest horizon to its longest, then the caller number's own limits.
 * A rule whose config is absent (or an empty list) is not built, so it asks for no counts.
 */
export function buildRules(configured: OutboundRulesConfig, blacklist: readonly string[]): OutboundRule[] {
  const config = effectiveRules(configured);
  const rules: OutboundRule[] = [];
  if (blacklist.length > 0) rules.push(blacklistRule(blacklist));
  if (config.blindAreas && config.blindAreas.length > 0) rules.push(blindAreaRule(config.blindAreas));
  if (config.workTime) rules.push(workTimeRule(config.workTime));
  if (config.calleeInterval) rules.push(calleeIntervalCapRule(config.calleeInterval));
  if (config.calleeDaily) rules.push(calleeDailyCapRule(config.calleeDaily, config.workTime?.timeZone ?? 'UTC'));
  if (config.callerFrequency) rules.push(callerFrequencyRule(config.callerFrequency));
  if (config.callerConcurrency) rules.push(callerConcurrencyRule(config.callerConcurrency));
  return rules;
}

/** True when some rule reads attempt.calleeArea: the app geocodes the callee before evaluating. */
export function needsCalleeArea(rules: readonly OutboundRule[]): boolean {
  return rules.some((rule) => rule.needsCalleeArea === true);
}

/** The counts each rule needs, one list per rule in pipeline order; answer them in the same shape. */
export function pendingQueries(rules: readonly OutboundRule[], attempt: CallAttempt): CountQuery[][] {
  return rules.map((rule) => rule.needs(attempt));
}

/** Runs the rules in order with the answered counts; the first failure is the verdict. */
export function evaluateRules(rules: readonly OutboundRule[], attempt: CallAttempt, counts: readonly number[][]): RuleVerdict {
  if (counts.length !== rules.length) throw new Error(`evaluateRules: ${rules.length} rules but ${counts.length} count lists`);
  for (const [i, rule] of rules.entries()) {
    const verdict = rule.check(attempt, counts[i] ?? []);
    if (!verdict.ok) return verdict;
  }
  return ADMIT;
}

/** One rule's verdict in a dry run, with the counts it was given. */
export interface RuleCheck {
  rule: string;
  counts: number[];
  verdict: RuleVerdict;
}

/** Every rule's verdict, in evaluation order, without stopping at the first refusal (`openccc rules check`). */
export function explainRules(rules: readonly OutboundRule[], attempt: CallAttempt, counts: readonly number[][]): RuleCheck[] {
  if (counts.length !== rules.length) throw new Error(`explainRules: ${rules.length} rules but ${counts.length} count lists`);
  return rules.map((rule, i) => ({ rule: rule.name, counts: [...(counts[i] ?? [])], verdict: rule.check(attempt, counts[i] ?? []) }));
}

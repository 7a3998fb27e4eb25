import { compileCalleePattern, type CalleeMatcher } from './callee-pattern.ts';
import { mulberry32, pickWeighted } from './seeded-random.ts';
import type { FixedOutcome, SimCarrierConfig, SimOutcome } from './sim-config.ts';

/** Chooses what a dialed callee does: the first matching rule, else the default. */
export class OutcomeTable {
  private readonly rules: { matches: CalleeMatcher; outcome: SimOutcome }[];
  private readonly fallback: SimOutcome;
  /** One generator per carrier: draws follow dial order, which the clock makes repeatable. */
  private readonly random: () => number;

  constructor(config: SimCarrierConfig) {
    this.rules = config.outcomes.map((r) => ({ matches: compileCalleePattern(r.match), outcome: r.outcome }));
    this.fallback = config.defaultOutcome;
    this.random = mulberry32(config.seed ?? 0);
  }

  /** The outcome for an E.164 callee; a `random` one costs exactly one draw. */
  pick(callee: string): FixedOutcome {
    const outcome = this.rules.find((r) => r.matches(callee))?.outcome ?? this.fallback;
    if (outcome.kind !== 'random') return outcome;
    return pickWeighted(outcome.choices, this.random()).outcome;
  }
}

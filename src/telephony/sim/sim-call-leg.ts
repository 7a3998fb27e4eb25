import type { DialRequest } from '../carrier.ts';
import { planLine, type LineResult } from './line-plan.ts';
import { SimLine, type SimLineDeps } from './sim-line.ts';
import type { FixedOutcome } from './sim-config.ts';

export type { PlayedPrompt, SimLegState } from './sim-line.ts';

/** One simulated outbound call, scripted by its outcome and driven only by the clock. */
export class SimCallLeg extends SimLine {
  constructor(
    request: DialRequest,
    readonly outcome: FixedOutcome,
    deps: SimLineDeps,
  ) {
    super(request.sessionId, 'dialing', outcome.kind === 'answer' ? outcome : undefined, deps);
    const plan = planLine(outcome, request.maxRingMs);
    this.timers.after(0, () => {
      if (!plan.rings) return this.settle(plan.result);
      this.phase = 'ringing';
      this.timers.after(plan.afterMs, () => this.settle(plan.result));
      this.emit('ringing');
    });
  }

  private settle(result: LineResult): void {
    if (result.type === 'answered') return this.becomeAnswered();
    const { type: _type, ...failure } = result;
    this.finishWith('failed', failure);
  }
}

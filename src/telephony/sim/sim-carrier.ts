import type { Clock } from '../../shared/clock.ts';
import { CarrierUnavailableError, type CallEventListener, type Carrier, type DialRequest } from '../carrier.ts';
import { toMs } from './line-plan.ts';
import { OutcomeTable } from './outcome-table.ts';
import { SimCallLeg } from './sim-call-leg.ts';
import type { SimCarrierConfig } from './sim-config.ts';

/**
 * The embedded default line: callees behave as `carrier.sim` scripts them (docs/carrier-sim.md),
 * in virtual or real time as the injected clock decides. Same config, same dials, same clock
 * -> the same events at the same times, every run.
 */
export class SimCarrier implements Carrier {
  readonly name = 'sim';
  private readonly legs = new Set<SimCallLeg>();
  private readonly table: OutcomeTable;
  private closed = false;

  constructor(
    private readonly config: SimCarrierConfig,
    private readonly clock: Clock,
  ) {
    this.table = new OutcomeTable(config);
  }

  dial(request: DialRequest, listener: CallEventListener): SimCallLeg {
    if (this.closed) throw new CarrierUnavailableError('the simulated carrier is shut down');
    const max = this.config.maxConcurrentCalls;
    if (this.legs.size >= max) throw new CarrierUnavailableError(`all ${max} simulated lines are in use`);
    const leg = new SimCallLeg(request, this.table.pick(request.callee), listener, {
      clock: this.clock,
      audioPromptMs: toMs(this.config.audioPromptSeconds),
      onEnded: (l) => this.legs.delete(l),
    });
    this.legs.add(leg);
    return leg;
  }

  activeCalls(): number {
    return this.legs.size;
  }

  /** Hangs up every live leg (no events follow) and refuses new dials. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    for (const leg of [...this.legs]) {
      leg.hangup();
      leg.close();
    }
  }
}

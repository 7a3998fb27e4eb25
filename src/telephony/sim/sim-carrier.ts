import type { Clock } from '../../shared/clock.ts';
import { OwnedTimers } from '../../shared/owned-timers.ts';
import { TypedEmitter } from '../../shared/typed-emitter.ts';
import {
  CarrierUnavailableError,
  type Carrier,
  type CarrierEvents,
  type DialRequest,
  type OrphanRelease,
  type ReleaseToken,
} from '../carrier.ts';
import { toMs } from './line-plan.ts';
import { OutcomeTable } from './outcome-table.ts';
import { SimCallLeg } from './sim-call-leg.ts';
import type { SimCarrierConfig, SimInboundCallConfig } from './sim-config.ts';
import { SimIncomingCall } from './sim-incoming-call.ts';
import type { SimLine, SimLineDeps, TextPromptTiming } from './sim-line.ts';

export interface SimCarrierOptions {
  /** Real lengths of text prompts (TTS); without it they play for the estimate. */
  textPromptMs?: TextPromptTiming | undefined;
}

/**
 * The embedded default line: callees behave as `carrier.sim` scripts them and scripted callers
 * ring in (docs/carrier-sim.md), in virtual or real time as the injected clock decides. Same
 * config, same dials, same clock -> the same events at the same times, every run.
 */
export class SimCarrier extends TypedEmitter<CarrierEvents> implements Carrier {
  readonly name = 'sim';
  private readonly lines = new Set<SimLine>();
  private readonly table: OutcomeTable;
  private readonly timers: OwnedTimers;
  private readonly lineDeps: SimLineDeps;
  private inboundSeq = 0;
  private closed = false;

  constructor(
    private readonly config: SimCarrierConfig,
    clock: Clock,
    options: SimCarrierOptions = {},
  ) {
    super();
    this.table = new OutcomeTable(config);
    this.timers = new OwnedTimers(clock);
    this.lineDeps = {
      clock,
      textPromptMs: options.textPromptMs,
      audioPromptMs: toMs(config.audioPromptSeconds),
      transferMs: toMs(config.transferSeconds),
      onEnded: (l) => this.lines.delete(l),
    };
    for (const call of config.inbound) this.timers.after(toMs(call.afterSeconds), () => this.ringIn(call));
  }

  dial(request: DialRequest): SimCallLeg {
    this.ensureLineFree();
    const leg = new SimCallLeg(request, this.table.pick(request.callee), this.lineDeps);
    this.lines.add(leg);
    return leg;
  }

  /** Offers an inbound call now (tests script calls this way too); `incoming` follows from a timer. */
  offer(call: Partial<SimInboundCallConfig> & Pick<SimInboundCallConfig, 'caller' | 'callee'>): SimIncomingCall {
    this.ensureLineFree();
    const script = { afterSeconds: 0, digits: '', digitDelaySeconds: 1, digitIntervalSeconds: 1, giveUpSeconds: 30, ...call };
    const incoming = new SimIncomingCall(`in-${++this.inboundSeq}`, script, this.lineDeps);
    this.lines.add(incoming);
    this.timers.after(0, () => {
      // The caller already gave up (giveUpSeconds 0): a call that is over is never offered.
      if (incoming.closed) return;
      // Nobody to answer: refuse at once rather than let the caller ring out.
      if (this.listenerCount('incoming') === 0) return incoming.reject('unavailable');
      this.emit('incoming', incoming);
    });
    return incoming;
  }

  activeCalls(): number {
    return this.lines.size;
  }

  /** A simulated callee has nobody to tell: its legs give no release tokens, and one from another carrier is not ours. */
  releaseOrphan(token: ReleaseToken): Promise<OrphanRelease> {
    return Promise.resolve({ released: false, detail: `the sim carrier has no line to release (token of the ${token.carrier} carrier)` });
  }

  /** Hangs up every live line (no events but `close` follow) and refuses new calls. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    this.timers.cancelAll();
    for (const line of [...this.lines]) line.close();
  }

  private ringIn(call: SimInboundCallConfig): void {
    try {
      this.offer(call);
    } catch {
      // At capacity or closed: a real network would answer this caller busy; nothing to report.
    }
  }

  private ensureLineFree(): void {
    if (this.closed) throw new CarrierUnavailableError('the simulated carrier is shut down');
    const max = this.config.maxConcurrentCalls;
    if (this.lines.size >= max) throw new CarrierUnavailableError(`all ${max} simulated lines are in use`);
  }
}

import type { Clock } from '../../../shared/clock.ts';
import { OwnedTimers } from '../../../shared/owned-timers.ts';
import { TypedEmitter } from '../../../shared/typed-emitter.ts';
import type { SharedTrunkSlots } from './shared-trunk-slots.ts';
import type { TrunkTicket, TrunkTicketEvents, TrunkTicketState } from './trunk-limiter.ts';

/** How often a call waiting for a cluster-wide slot asks again (slots free up when calls end anywhere). */
const RETRY_MS = 100;

/**
 * A call's place at a trunk shared by a cluster: this server's own queue first (its order and its
 * limits, TrunkLimiter), then a slot and a start time from the cluster (SharedTrunkSlots). Waiting
 * for a cluster slot counts against the same queueSeconds; the calls of different servers waiting
 * for one slot are served in the order they ask again, not strictly first come first served.
 */
export class SharedTrunkTicket extends TypedEmitter<TrunkTicketEvents> implements TrunkTicket {
  state: TrunkTicketState = 'waiting';
  private readonly timers: OwnedTimers;
  private readonly deadline: number;

  constructor(
    private readonly local: TrunkTicket,
    private readonly slots: SharedTrunkSlots,
    private readonly member: string,
    private readonly clock: Clock,
  ) {
    super();
    this.timers = new OwnedTimers(clock);
    this.deadline = clock.now() + slots.queueMs;
    local.on('go', () => void this.reserve());
    local.on('timeout', (reason) => this.finish('timedOut', reason));
  }

  release(): void {
    if (this.state === 'released' || this.state === 'timedOut') return;
    this.local.release();
    this.slots.release(this.member);
    this.finish('released');
  }

  private async reserve(): Promise<void> {
    if (this.state !== 'waiting') return;
    let answer;
    try {
      answer = await this.slots.tryReserve(this.member);
    } catch (err) {
      // Without Redis the cluster's limits cannot be kept: the call fails rather than overload the trunk.
      return this.timeOut(`the cluster's trunk slots (Redis) did not answer: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (this.state !== 'waiting') {
      if (answer.ok) this.slots.release(this.member); // released while Redis answered
      return;
    }
    if (answer.ok) {
      this.state = 'admitted';
      this.timers.after(answer.delayMs, () => {
        if (this.state !== 'admitted') return;
        this.state = 'active';
        this.emit('go');
      });
      return;
    }
    const left = this.deadline - this.clock.now();
    if (answer.reason === 'rate') return this.timeOut('the trunk is full across the cluster: callsPerSecond queues beyond queueSeconds');
    if (left <= 0) return this.timeOut('no trunk slot across the cluster within queueSeconds (maxConcurrentCalls)');
    this.timers.after(Math.min(RETRY_MS, left), () => void this.reserve());
  }

  private timeOut(reason: string): void {
    if (this.state !== 'waiting') return;
    this.local.release();
    this.finish('timedOut', reason);
  }

  /** Ends the ticket; `timeoutReason` (undefined for a release) is told to the call. */
  private finish(state: 'released' | 'timedOut', timeoutReason?: string): void {
    if (this.state === 'released' || this.state === 'timedOut') return;
    this.timers.cancelAll();
    this.state = state;
    if (state === 'timedOut') this.emit('timeout', timeoutReason);
    this.removeAllListeners();
  }
}

import type { Clock } from '../../../shared/clock.ts';
import { CarrierCapacityError, CarrierUnavailableError } from '../../carrier.ts';
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
  readonly admission: Promise<void>;
  private readonly timers: OwnedTimers;
  private readonly deadline: number;
  private admit: ((refusal?: Error) => void) | undefined;

  constructor(
    private readonly local: TrunkTicket,
    private readonly slots: SharedTrunkSlots,
    private readonly member: string,
    private readonly clock: Clock,
  ) {
    super();
    this.timers = new OwnedTimers(clock);
    this.deadline = clock.now() + slots.queueMs;
    this.admission = new Promise<void>((resolve, reject) => {
      this.admit = (refusal) => (refusal ? reject(refusal) : resolve());
    });
    this.admission.catch(() => {}); // a caller that never asks must not see an unhandled rejection
    // Waiting in this server's own queue is a place, as tryEnter said: the cluster is asked when it
    // is the call's turn. A call free to go locally asks the cluster at once, and that answer is the admission.
    if (local.state === 'waiting') this.admitted();
    local.on('go', () => void this.reserve());
    local.on('timeout', (reason) => this.finish('timedOut', reason));
  }

  private admitted(refusal?: Error): void {
    const admit = this.admit;
    this.admit = undefined;
    admit?.(refusal);
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
      const reason = `the cluster's trunk slots (Redis) did not answer: ${err instanceof Error ? err.message : String(err)}`;
      this.admitted(new CarrierUnavailableError(reason));
      return this.timeOut(reason);
    }
    if (this.state !== 'waiting') {
      if (answer.ok) this.slots.release(this.member); // released while Redis answered
      return;
    }
    if (answer.ok) {
      this.admitted();
      this.state = 'admitted';
      this.timers.after(answer.delayMs, () => {
        if (this.state !== 'admitted') return;
        this.state = 'active';
        this.emit('go');
      });
      return;
    }
    const left = this.deadline - this.clock.now();
    if (answer.reason === 'rate') {
      const reason = 'the trunk is full across the cluster: callsPerSecond queues beyond queueSeconds';
      this.admitted(new CarrierCapacityError(reason));
      return this.timeOut(reason);
    }
    // Every slot taken: like a full local trunk, the call waits its queueSeconds for one.
    this.admitted();
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
    // Ended before the cluster answered (released, or its local wait ran out): nothing to wait for.
    this.admitted(state === 'timedOut' ? new CarrierCapacityError(timeoutReason ?? 'no trunk slot within queueSeconds') : undefined);
    this.timers.cancelAll();
    this.state = state;
    if (state === 'timedOut') this.emit('timeout', timeoutReason);
    this.removeAllListeners();
  }
}

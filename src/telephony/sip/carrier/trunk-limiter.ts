// A trunk's admission control (issue 14 item 5): at most maxConcurrentCalls calls up at once, at
// most callsPerSecond new INVITEs, excess calls wait in order for up to queueSeconds.
//
// Hand-written rather than rate-limiter-flexible (a dependency elsewhere): that library reads
// Date.now and node timers, so it cannot run on the injected Clock, and tests could not drive a
// queue of 100 waiting calls through seconds of VirtualClock time. It also limits points per
// window (bursts up to the whole window at its start); trunks want the INVITEs spaced out.
import type { Clock, TimerHandle } from '../../../shared/clock.ts';
import { OwnedTimers } from '../../../shared/owned-timers.ts';
import { TypedEmitter, type Emitter } from '../../../shared/typed-emitter.ts';

export interface TrunkLimits {
  maxConcurrentCalls: number;
  /** New calls per second, spaced evenly (1000/callsPerSecond ms apart); may be fractional. */
  callsPerSecond: number;
  /** How long a call may wait for a slot; 0 = never wait. */
  queueSeconds: number;
}

export type TrunkTicketEvents = {
  /** The call may send its INVITE now. Always from a timer, never inside tryEnter() or release(). */
  go: [];
  /** The call waited queueSeconds without a slot (or, shared by a cluster, why it got none); the ticket is spent. */
  timeout: [reason?: string];
};

/** waiting → admitted (slot held, `go` pending) → active; or waiting → timedOut; any → released. */
export type TrunkTicketState = 'waiting' | 'admitted' | 'active' | 'timedOut' | 'released';

/** One call's place at the trunk: in the queue, or holding a concurrency slot until release(). */
export interface TrunkTicket extends Emitter<TrunkTicketEvents> {
  readonly state: TrunkTicketState;
  /** Frees the slot, or leaves the queue. Idempotent; after it (or `timeout`) no event follows. */
  release(): void;
  /**
   * Where the trunk's answer comes later than tryEnter (a cluster: SharedTrunkTicket): settles once
   * the call has its place (a slot, or a place in the queue), and rejects with CarrierCapacityError
   * when the trunk refuses it outright, so the API can answer CallOutFailed instead of the call
   * failing after it. Absent: tryEnter's answer was the whole answer.
   */
  readonly admission?: Promise<void>;
}

class LimiterTicket extends TypedEmitter<TrunkTicketEvents> implements TrunkTicket {
  state: TrunkTicketState = 'waiting';
  /** The pending `go` (admitted) or `timeout` (waiting) timer. */
  timer: TimerHandle | undefined;

  constructor(private readonly onRelease: (ticket: LimiterTicket) => void) {
    super();
  }

  release(): void {
    if (this.state === 'released' || this.state === 'timedOut') return;
    this.onRelease(this);
  }

  moveTo(state: TrunkTicketState, event?: keyof TrunkTicketEvents): void {
    this.state = state;
    if (event) this.emit(event);
    if (state === 'released' || state === 'timedOut') this.removeAllListeners();
  }
}

export class TrunkLimiter {
  private readonly timers: OwnedTimers;
  private readonly intervalMs: number;
  private readonly queueMs: number;
  /** In arrival order (a Set iterates in insertion order; leaving is O(1)). */
  private readonly waiting = new Set<LimiterTicket>();
  /** Tickets holding a slot: admitted (go pending) or active. */
  private readonly holding = new Set<LimiterTicket>();
  /** The earliest time the next call may start: one token every intervalMs, bucket of one (no bursts). */
  private nextStartAt = Number.NEGATIVE_INFINITY;
  private pumpTimer: TimerHandle | undefined;
  private closed = false;

  constructor(
    private readonly limits: TrunkLimits,
    private readonly clock: Clock,
  ) {
    if (!Number.isInteger(limits.maxConcurrentCalls) || limits.maxConcurrentCalls < 1)
      throw new RangeError('maxConcurrentCalls must be a positive integer');
    if (!(limits.callsPerSecond > 0) || !Number.isFinite(limits.callsPerSecond)) throw new RangeError('callsPerSecond must be positive');
    if (!(limits.queueSeconds >= 0) || !Number.isFinite(limits.queueSeconds)) throw new RangeError('queueSeconds must be 0 or more');
    this.timers = new OwnedTimers(clock);
    this.intervalMs = 1000 / limits.callsPerSecond;
    this.queueMs = limits.queueSeconds * 1000;
  }

  /**
   * A place for one new call, or undefined when the queue is full: the call would certainly wait
   * queueSeconds or longer (the rate alone says so: everyone already waiting starts first, one per
   * interval), so the API can fail it at once instead of ringing late. A slot free right now is
   * still announced by `go` from a timer, so listeners attached after this returns hear it.
   */
  tryEnter(): TrunkTicket | undefined {
    if (this.closed) return undefined;
    const now = this.clock.now();
    const canStartNow = this.waiting.size === 0 && this.holding.size < this.limits.maxConcurrentCalls && this.nextStartAt <= now;
    if (!canStartNow) {
      const earliest = Math.max(this.nextStartAt, now) + this.waiting.size * this.intervalMs;
      if (earliest >= now + this.queueMs) return undefined;
    }
    const ticket = new LimiterTicket((t) => this.release(t));
    this.waiting.add(ticket);
    ticket.timer = this.timers.after(this.queueMs, () => this.timeOut(ticket));
    this.pump();
    return ticket;
  }

  stats(): { active: number; waiting: number } {
    return { active: this.holding.size, waiting: this.waiting.size };
  }

  /** Cancels every timer; waiting tickets never hear `go` or `timeout`, tryEnter() refuses. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.timers.cancelAll();
    this.pumpTimer = undefined;
    for (const t of [...this.waiting, ...this.holding]) t.moveTo('released');
    this.waiting.clear();
    this.holding.clear();
  }

  /** Admits waiting calls from the head while a slot and a rate token are both free. */
  private pump(): void {
    while (this.waiting.size > 0 && this.holding.size < this.limits.maxConcurrentCalls) {
      const now = this.clock.now();
      if (this.nextStartAt > now) {
        if (!this.pumpTimer)
          this.pumpTimer = this.timers.after(this.nextStartAt - now, () => {
            this.pumpTimer = undefined;
            this.pump();
          });
        return;
      }
      const ticket = this.waiting.values().next().value!;
      this.waiting.delete(ticket);
      this.timers.cancel(ticket.timer);
      this.nextStartAt = Math.max(this.nextStartAt, now) + this.intervalMs;
      this.holding.add(ticket);
      ticket.moveTo('admitted');
      ticket.timer = this.timers.after(0, () => {
        ticket.timer = undefined;
        ticket.moveTo('active', 'go');
      });
    }
  }

  private timeOut(ticket: LimiterTicket): void {
    if (!this.waiting.delete(ticket)) return;
    ticket.timer = undefined;
    ticket.moveTo('timedOut', 'timeout');
  }

  private release(ticket: LimiterTicket): void {
    this.timers.cancel(ticket.timer);
    ticket.timer = undefined;
    if (this.holding.delete(ticket)) {
      ticket.moveTo('released');
      // A rate token spent on a call released before its INVITE stays spent: never a burst.
      this.pump();
      return;
    }
    this.waiting.delete(ticket);
    ticket.moveTo('released');
  }
}

import type { Clock, TimerHandle } from './clock.ts';

/**
 * The clock timers one resource owns (a call, a SIP transaction, an RTP session), so its
 * close() can cancel every one and nothing fires after it: the mediasoup lifecycle rule.
 * Timers come from the injected Clock, so tests drive them on a VirtualClock.
 */
export class OwnedTimers {
  private readonly handles = new Set<TimerHandle>();

  constructor(private readonly clock: Clock) {}

  after(delayMs: number, fn: () => void): TimerHandle {
    const handle = this.clock.setTimer(delayMs, () => {
      this.handles.delete(handle);
      fn();
    });
    this.handles.add(handle);
    return handle;
  }

  /** Cancels one timer; a handle that already fired, was cancelled or is undefined is ignored. */
  cancel(handle: TimerHandle | undefined): void {
    if (!handle || !this.handles.delete(handle)) return;
    this.clock.clearTimer(handle);
  }

  cancelAll(): void {
    for (const h of this.handles) this.clock.clearTimer(h);
    this.handles.clear();
  }

  get size(): number {
    return this.handles.size;
  }
}

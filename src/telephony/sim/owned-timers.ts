import type { Clock, TimerHandle } from '../../shared/clock.ts';

/** The clock timers one resource owns, so its close() can cancel every one (nothing leaks). */
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

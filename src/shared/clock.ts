/** Time source for everything above the I/O edge. Domain and IVR code never read the wall clock. */
export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `fn` once after `delayMs`; the handle cancels it. */
  setTimer(delayMs: number, fn: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** The real clock, backed by Date.now and setTimeout. */
export class SystemClock implements Clock {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private nextId = 1;

  now(): number {
    return Date.now();
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const id = this.nextId++;
    const t = setTimeout(
      () => {
        this.timers.delete(id);
        fn();
      },
      Math.max(0, delayMs),
    );
    this.timers.set(id, t);
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    const t = this.timers.get(handle.id);
    if (t) {
      clearTimeout(t);
      this.timers.delete(handle.id);
    }
  }

  /** Timers still pending: lets shutdown prove nothing leaked. */
  pendingTimers(): number {
    return this.timers.size;
  }
}

interface VirtualTimer {
  id: number;
  at: number;
  seq: number;
  fn: () => void;
}

const earlier = (a: VirtualTimer, b: VirtualTimer): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/**
 * A clock that only moves when told to. Timers fire in (time, creation) order, so a test
 * drives hours of call flow in milliseconds and gets the same result every run. Pending timers
 * sit in a binary heap (cleared ones are dropped when they surface), so 50k timers cost
 * O(log n) each instead of a scan per firing.
 */
export class VirtualClock implements Clock {
  private current: number;
  private readonly timers = new Map<number, VirtualTimer>();
  private readonly heap: VirtualTimer[] = [];
  private nextId = 1;
  private seq = 0;

  constructor(startMs: number = Date.UTC(2026, 0, 5, 2, 0, 0)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const id = this.nextId++;
    const timer = { id, at: this.current + Math.max(0, delayMs), seq: this.seq++, fn };
    this.timers.set(id, timer);
    this.push(timer);
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.delete(handle.id);
  }

  pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way (including ones they schedule). */
  advance(ms: number): void {
    this.advanceTo(this.current + ms);
  }

  advanceTo(targetMs: number): void {
    for (;;) {
      const next = this.earliest();
      if (!next || next.at > targetMs) break;
      this.pop();
      this.timers.delete(next.id);
      this.current = Math.max(this.current, next.at);
      next.fn();
    }
    this.current = Math.max(this.current, targetMs);
  }

  /** Fires timers until none is left or `limitMs` of virtual time has passed. */
  runAll(limitMs = 24 * 3600_000): void {
    this.advanceTo(this.current + limitMs);
  }

  /** The earliest live timer, dropping cleared ones from the top of the heap. */
  private earliest(): VirtualTimer | undefined {
    for (;;) {
      const top = this.heap[0];
      if (!top || this.timers.get(top.id) === top) return top;
      this.pop();
    }
  }

  private push(t: VirtualTimer): void {
    const h = this.heap;
    h.push(t);
    for (let i = h.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!earlier(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (h.length === 0 || !last) return;
    h[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && earlier(h[l]!, h[m]!)) m = l;
      if (r < h.length && earlier(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}

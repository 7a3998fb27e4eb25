/**
 * The one 20 ms scheduler of a media thread. Tick n is due at start + n·interval on the injected
 * monotonic time source, so timer lateness never accumulates (no drift over hours). After a stall the
 * missed ticks are skipped and counted, never replayed in a burst. Sessions register a sink; there is
 * no timer per call. The timer runs only while at least one sink is registered.
 */

export interface PacerScheduler {
  schedule(delayMs: number, fn: () => void): unknown;
  cancel(handle: unknown): void;
}

export interface TickSink {
  /** `mediaTimeMs` is the tick's due time on the pacer's time source. */
  onTick(tickIndex: number, mediaTimeMs: number): void;
}

export interface PacerOptions {
  /** Monotonic time in ms, e.g. `() => performance.now()`. */
  now: () => number;
  scheduler?: PacerScheduler;
  intervalMs?: number;
  /** Called with a sink's error; default rethrows on the next macrotask so it is not lost. */
  onError?: (e: unknown) => void;
}

export const timerScheduler: PacerScheduler = {
  schedule: (delayMs, fn) => setTimeout(fn, delayMs),
  cancel: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class Pacer {
  private readonly now: () => number;
  private readonly scheduler: PacerScheduler;
  private readonly onError: (e: unknown) => void;
  readonly intervalMs: number;
  /** Sinks; removed ones become null during a tick and are compacted after it. */
  private sinks: (TickSink | null)[] = [];
  private ticking = false;
  /** A sink was removed during the current tick: compact the list after it (no O(sinks) scan on every tick). */
  private removedDuringTick = false;
  /** Registered sinks (the list may also hold nulls until the tick ends). */
  private live = 0;
  private handle: unknown = undefined;
  private startMs = 0;
  private nextTick = 0;
  private closed = false;
  /** Ticks run and ticks skipped after stalls, since creation. */
  ticksRun = 0;
  ticksSkipped = 0;
  /** How late each tick ran after its due time, 1 ms bins (the last bin holds ≥ 100 ms): the send-time jitter at the source. */
  readonly lateness = new Uint32Array(101);

  constructor(opts: PacerOptions) {
    this.now = opts.now;
    this.scheduler = opts.scheduler ?? timerScheduler;
    this.intervalMs = opts.intervalMs ?? 20;
    this.onError =
      opts.onError ??
      ((e) =>
        setImmediate(() => {
          throw e;
        }));
  }

  add(sink: TickSink): void {
    if (this.closed || this.sinks.includes(sink)) return;
    this.sinks.push(sink);
    this.live++;
    if (this.handle === undefined) this.start();
  }

  remove(sink: TickSink): void {
    const i = this.sinks.indexOf(sink);
    if (i < 0) return;
    this.live--;
    if (this.ticking) {
      this.sinks[i] = null;
      this.removedDuringTick = true;
    } else this.sinks.splice(i, 1);
    if (this.size === 0) this.stop();
  }

  get size(): number {
    return this.live;
  }

  /** True while the pacer holds a timer (some sink is registered). */
  get running(): boolean {
    return this.handle !== undefined;
  }

  close(): void {
    this.closed = true;
    this.sinks = [];
    this.live = 0;
    this.stop();
  }

  private start(): void {
    this.startMs = this.now();
    this.nextTick = 0;
    this.arm();
  }

  private stop(): void {
    if (this.handle !== undefined) this.scheduler.cancel(this.handle);
    this.handle = undefined;
  }

  private arm(): void {
    const due = this.startMs + this.nextTick * this.intervalMs;
    this.handle = this.scheduler.schedule(Math.max(0, due - this.now()), this.fire);
  }

  private readonly fire = (): void => {
    this.handle = undefined;
    const now = this.now();
    const due = this.startMs + this.nextTick * this.intervalMs;
    if (now >= due) {
      // The newest tick that is due; the ones between were missed in a stall.
      const n = Math.floor((now - this.startMs) / this.intervalMs);
      this.ticksSkipped += n - this.nextTick;
      this.lateness[Math.min(100, Math.floor(now - (this.startMs + n * this.intervalMs)))]!++;
      this.run(n);
      this.nextTick = n + 1;
    }
    if (this.size > 0 && !this.closed) this.arm();
  };

  private run(n: number): void {
    const t = this.startMs + n * this.intervalMs;
    this.ticking = true;
    const list = this.sinks;
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      if (!s) continue;
      try {
        s.onTick(n, t);
      } catch (e) {
        this.onError(e);
      }
    }
    this.ticking = false;
    this.ticksRun++;
    if (this.removedDuringTick) {
      this.removedDuringTick = false;
      this.sinks = list.filter((s) => s !== null);
    }
  }
}

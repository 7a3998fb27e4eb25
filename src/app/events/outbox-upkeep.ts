import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { OutboxRepository } from '../../storage/repositories.ts';
import type { OutboxMetrics } from '../observability/outbox-metrics.ts';

export interface OutboxUpkeepOptions {
  outbox: Pick<OutboxRepository, 'counts' | 'prune'>;
  metrics: OutboxMetrics;
  clock: Clock;
  logger: Logger;
  /** Delivered rows older than this are deleted (`events.retentionDays`); 0 keeps them. */
  retentionMs: number;
  /** How often the backlog is counted for /metrics. */
  countEveryMs?: number;
  /** How often delivered rows past the retention are pruned. */
  pruneEveryMs?: number;
}

const HOUR_MS = 3_600_000;

/**
 * The outbox's housekeeping: counts the backlog for /metrics every few seconds and deletes
 * delivered rows past the retention every hour (pending and dead rows are kept: they are owed, or
 * wait for an operator). Real timers, unref'd (a scrape is wall-time; the retention is compared
 * with `clock`). close() stops both and waits for a run in progress; idempotent.
 */
export class OutboxUpkeep {
  private readonly timers: NodeJS.Timeout[] = [];
  private running: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly o: OutboxUpkeepOptions) {}

  start(): void {
    if (this.closed || this.timers.length > 0) return;
    this.run(() => this.count());
    this.run(() => this.prune());
    this.timers.push(setInterval(() => this.run(() => this.count()), this.o.countEveryMs ?? 10_000).unref());
    this.timers.push(setInterval(() => this.run(() => this.prune()), this.o.pruneEveryMs ?? HOUR_MS).unref());
  }

  /** Deletes the delivered rows past the retention now; returns how many. */
  async prune(): Promise<number> {
    if (this.o.retentionMs <= 0) return 0;
    const n = await this.o.outbox.prune(this.o.clock.now() - this.o.retentionMs);
    if (n > 0) this.o.logger.info({ pruned: n }, 'outbox: deleted delivered rows past the retention');
    return n;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers.splice(0)) clearInterval(t);
    await this.running;
  }

  private async count(): Promise<void> {
    this.o.metrics.counted(await this.o.outbox.counts());
  }

  // One run at a time, chained, so close() has one promise to wait for.
  private run(task: () => Promise<unknown>): void {
    if (this.closed) return;
    this.running = this.running.then(task).then(
      () => {},
      (err: unknown) => this.o.logger.warn({ err }, 'outbox upkeep failed; trying again at the next run'),
    );
  }
}

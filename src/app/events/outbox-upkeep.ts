import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { OutboxState } from '../../domain/outbox.ts';
import type { OutboxRepository } from '../../storage/repositories.ts';
import type { OutboxMetrics } from '../observability/outbox-metrics.ts';

export interface OutboxUpkeepOptions {
  outbox: Pick<OutboxRepository, 'counts' | 'prune' | 'analyze'>;
  metrics: OutboxMetrics;
  clock: Clock;
  logger: Logger;
  /** Delivered rows older than this are deleted (`events.retentionDays`); 0 keeps them. */
  retentionMs: number;
  /** How often what is owed (pending, dead) is counted for /metrics; delivered rows are counted with each prune. */
  countEveryMs?: number;
  /** How often delivered rows past the retention are pruned. */
  pruneEveryMs?: number;
}

const HOUR_MS = 3_600_000;
const STATES: readonly OutboxState[] = ['pending', 'delivered', 'dead'];
/** Counted every few seconds: a range of the state index each, as big as the backlog. */
const OWED: readonly OutboxState[] = ['pending', 'dead'];
/** A state's count moved this much (rows, or a fifth of it) since the statistics were taken: take them again. */
const ANALYZE_AFTER_ROWS = 1_000;

/**
 * The outbox's housekeeping: counts the backlog for /metrics every few seconds and deletes
 * delivered rows past the retention every hour (pending and dead rows are kept: they are owed, or
 * wait for an operator). Real timers, unref'd (a scrape is wall-time; the retention is compared
 * with `clock`). close() stops both and waits for a run in progress; idempotent.
 *
 * It also keeps the planner's statistics of the outbox fresh: at start and whenever a count finds
 * the rows of a state moved by ANALYZE_AFTER_ROWS (or a fifth), since a Postgres table that grew from empty
 * without statistics claims at ~120 events/s instead of thousands, and autovacuum may be off, or
 * a minute away.
 */
export class OutboxUpkeep {
  private readonly timers: NodeJS.Timeout[] = [];
  private running: Promise<void> = Promise.resolve();
  private analyzedWith: Record<OutboxState, number> | undefined;
  private closed = false;

  /** Delivered rows as last counted (at start and after each prune): kept for the retention, they can be millions. */
  private delivered = 0;

  constructor(private readonly o: OutboxUpkeepOptions) {}

  start(): void {
    if (this.closed || this.timers.length > 0) return;
    this.run(() => this.prune());
    this.run(() => this.count());
    this.timers.push(setInterval(() => this.run(() => this.count()), this.o.countEveryMs ?? 10_000).unref());
    this.timers.push(setInterval(() => this.run(() => this.prune()), this.o.pruneEveryMs ?? HOUR_MS).unref());
  }

  /** Deletes the delivered rows past the retention now; returns how many. */
  async prune(): Promise<number> {
    const n = this.o.retentionMs > 0 ? await this.o.outbox.prune(this.o.clock.now() - this.o.retentionMs) : 0;
    if (n > 0) this.o.logger.info({ pruned: n }, 'outbox: deleted delivered rows past the retention');
    this.delivered = (await this.o.outbox.counts(['delivered'])).delivered;
    return n;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers.splice(0)) clearInterval(t);
    await this.running;
  }

  // Every 10 s a full count of a table holding days of delivered rows stalled the event loop (44 ms a
  // million rows on SQLite, whose reads are synchronous): only what is owed is counted this often.
  private async count(): Promise<void> {
    const counts = { ...(await this.o.outbox.counts(OWED)), delivered: this.delivered };
    this.o.metrics.counted(counts);
    // The claim's plan depends on how many rows are pending as much as on the table's size.
    const last = this.analyzedWith;
    const moved = last === undefined || STATES.some((s) => Math.abs(counts[s] - last[s]) >= Math.max(ANALYZE_AFTER_ROWS, last[s] / 5));
    if (moved) {
      await this.o.outbox.analyze();
      this.analyzedWith = counts;
    }
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

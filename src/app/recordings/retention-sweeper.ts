import { unlink } from 'node:fs/promises';
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import { OwnedTimers } from '../../shared/owned-timers.ts';
import type { RecordingRepository } from '../../storage/repositories.ts';

const DAY_MS = 86_400_000;
/** Rows deleted per batch: bounds one sweep's memory and statement size. */
const BATCH = 500;

export interface RetentionSweeperOptions {
  repository: RecordingRepository;
  clock: Clock;
  logger: Logger;
  /** 0 keeps recordings forever: the sweeper then never runs. */
  retentionDays: number;
  /** How often to sweep; default hourly (retention is counted in days). */
  everyMs?: number;
}

/**
 * Deletes recordings older than `retentionDays`, file first and then row, so a CDR never links a
 * file that is gone for good (a file already missing is not an error). Sweeps once at start and
 * then every `everyMs` on the injected clock; owns its timer; close() is idempotent and waits for
 * a sweep in progress.
 */
export class RetentionSweeper {
  private readonly timers: OwnedTimers;
  private running: Promise<number> | undefined;
  private closed = false;

  constructor(private readonly opts: RetentionSweeperOptions) {
    this.timers = new OwnedTimers(opts.clock);
  }

  start(): void {
    if (this.opts.retentionDays === 0 || this.closed) return;
    this.schedule(0);
  }

  /** One sweep now (or the one already running); resolves with how many recordings were deleted. */
  sweep(): Promise<number> {
    this.running ??= this.deleteExpired().finally(() => (this.running = undefined));
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.timers.cancelAll();
    await this.running?.catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    this.timers.after(delayMs, () => {
      this.sweep()
        .catch((err: unknown) => this.opts.logger.warn({ err }, 'recording retention sweep failed'))
        .finally(() => {
          if (!this.closed) this.schedule(this.opts.everyMs ?? 3_600_000);
        });
    });
  }

  private async deleteExpired(): Promise<number> {
    const { repository, clock, retentionDays } = this.opts;
    if (retentionDays === 0) return 0;
    const cutoff = clock.now() - retentionDays * DAY_MS;
    let deleted = 0;
    for (;;) {
      const due = await repository.createdBefore(cutoff, BATCH);
      if (due.length === 0) break;
      const gone: string[] = [];
      for (const r of due) {
        try {
          await unlink(r.path);
          gone.push(r.recordingId);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') gone.push(r.recordingId);
          else this.opts.logger.warn({ err, recordingId: r.recordingId }, 'could not delete an expired recording; kept for the next sweep');
        }
      }
      deleted += await repository.delete(gone);
      // Files that could not be deleted stay (and would come back first): stop rather than spin on them.
      if (gone.length < due.length || due.length < BATCH || this.closed) break;
    }
    if (deleted > 0) this.opts.logger.info({ deleted, retentionDays }, 'expired recordings deleted');
    return deleted;
  }
}

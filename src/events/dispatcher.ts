import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DeliveryOutcome, OutboxEntry } from '../domain/outbox.ts';
import type { Clock, TimerHandle } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { TypedEmitter } from '../shared/typed-emitter.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import type { Endpoint } from './endpoints.ts';
import type { Sender, SendResult } from './webhook-sender.ts';

/** The part of storage's OutboxRepository the dispatcher uses (events never imports storage). */
export interface DispatchQueue {
  claimDue(claim: { now: number; limit: number; claimer: string; leaseMs: number; endpointId?: string }): Promise<OutboxEntry[]>;
  settle(id: string, claimer: string, outcome: DeliveryOutcome, at: number): Promise<boolean>;
}

export interface DispatcherOptions {
  outbox: DispatchQueue;
  endpoints: readonly Endpoint[];
  sender: Sender;
  clock: Clock;
  logger: Logger;
  /** [0, 1); Math.random by default. */
  random?: () => number;
  backoff?: BackoffPolicy;
  /** This server's name in claims; unique per dispatcher. */
  claimer?: string;
  /** How often to look for due messages when nothing wakes it. */
  pollMs?: number;
  /** Most messages claimed in one query. */
  batch?: number;
}

export type DispatcherEvents = {
  /** An attempt ended and its outcome is stored (or could not be: then the lease runs out and it is tried again). */
  settled: [entry: OutboxEntry, outcome: DeliveryOutcome];
};

/** An attempt may take a token fetch and two POSTs; the lease outlives that, so no one else sends meanwhile. */
const leaseOf = (ep: Endpoint): number => 3 * ep.limits.timeoutMs + 30_000;

/**
 * Delivers the outbox: claim what is due → send → settle, at least once. It owns one clock timer
 * (the poll) and at most one pending immediate re-run; each endpoint has at most `concurrency`
 * attempts in flight. A failed attempt is retried after backoff with full jitter, and dead-lettered
 * after the endpoint's maxAttempts or once it has been owed longer than maxAge. close() stops
 * claiming and resolves when every attempt in flight has settled; it is idempotent.
 */
export class Dispatcher extends TypedEmitter<DispatcherEvents> {
  readonly claimer: string;
  private readonly random: () => number;
  private readonly backoff: BackoffPolicy;
  private readonly pollMs: number;
  private readonly batch: number;
  private readonly inFlight = new Map<string, number>();
  private readonly attempts = new Set<Promise<void>>();
  private timer: TimerHandle | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private ticking = false;
  private again = false;
  private started = false;
  private closing: Promise<void> | undefined;

  constructor(private readonly o: DispatcherOptions) {
    super();
    this.claimer = o.claimer ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.random = o.random ?? Math.random;
    this.backoff = o.backoff ?? DEFAULT_BACKOFF;
    this.pollMs = o.pollMs ?? 1_000;
    this.batch = o.batch ?? 64;
  }

  start(): void {
    if (this.started || this.closing) return;
    this.started = true;
    this.wake();
  }

  /** Something was appended: look now instead of at the next poll. */
  wake(): void {
    if (!this.started || this.closing || this.immediate) return;
    this.immediate = setImmediate(() => {
      this.immediate = undefined;
      void this.tick();
    });
  }

  /** Attempts in flight now, over all endpoints. */
  get busy(): number {
    return this.attempts.size;
  }

  /** Nothing in flight and no claim running. */
  get idle(): boolean {
    return this.attempts.size === 0 && !this.ticking;
  }

  close(): Promise<void> {
    return (this.closing ??= this.shutdown());
  }

  private async shutdown(): Promise<void> {
    if (this.timer) this.o.clock.clearTimer(this.timer);
    this.timer = undefined;
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
    while (this.ticking || this.attempts.size > 0) await Promise.race([...this.attempts, new Promise((r) => setImmediate(r))]);
    this.removeAllListeners();
  }

  private async tick(): Promise<void> {
    if (this.closing) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    this.again = false;
    let more = false;
    try {
      for (const ep of this.o.endpoints) {
        if (this.closing) break;
        const free = ep.limits.concurrency - (this.inFlight.get(ep.id) ?? 0);
        if (free <= 0) continue;
        const limit = Math.min(free, this.batch);
        const due = await this.o.outbox.claimDue({
          now: this.o.clock.now(),
          limit,
          claimer: this.claimer,
          leaseMs: leaseOf(ep),
          endpointId: ep.id,
        });
        // Claimed is sent, even while closing: close() waits for it rather than leave it leased.
        for (const entry of due) this.launch(entry, ep);
        if (due.length === limit) more = true;
      }
    } catch (err) {
      this.o.logger.warn({ err }, 'outbox claim failed; trying again at the next poll');
    } finally {
      this.ticking = false;
    }
    if (this.closing) return;
    if (more || this.again) this.wake();
    this.schedulePoll();
  }

  private schedulePoll(): void {
    if (this.timer) this.o.clock.clearTimer(this.timer);
    this.timer = this.o.clock.setTimer(this.pollMs, () => {
      this.timer = undefined;
      void this.tick();
    });
  }

  private launch(entry: OutboxEntry, ep: Endpoint): void {
    this.inFlight.set(ep.id, (this.inFlight.get(ep.id) ?? 0) + 1);
    const p: Promise<void> = this.attempt(entry, ep).finally(() => {
      this.inFlight.set(ep.id, this.inFlight.get(ep.id)! - 1);
      this.attempts.delete(p);
      // A slot is free: fill it now rather than at the next poll.
      this.wake();
    });
    this.attempts.add(p);
  }

  private async attempt(entry: OutboxEntry, ep: Endpoint): Promise<void> {
    let result: SendResult;
    try {
      result = await this.o.sender.send(entry, ep);
    } catch (err) {
      result = { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    const at = this.o.clock.now();
    const outcome = this.outcomeOf(entry, ep, result, at);
    try {
      const held = await this.o.outbox.settle(entry.id, this.claimer, outcome, at);
      if (!held) this.o.logger.warn({ id: entry.id, endpointId: ep.id }, 'outbox claim was lost before the attempt settled');
    } catch (err) {
      this.o.logger.warn({ err, id: entry.id }, 'outbox settle failed; the message is tried again when its lease ends');
      return;
    }
    if (outcome.kind === 'dead')
      this.o.logger.warn({ id: entry.id, endpointId: ep.id, error: outcome.error }, 'outbox message dead-lettered');
    this.emit('settled', entry, outcome);
  }

  private outcomeOf(entry: OutboxEntry, ep: Endpoint, result: SendResult, at: number): DeliveryOutcome {
    if (result.ok) return { kind: 'delivered' };
    const attempts = entry.attempts + 1;
    if (attempts >= ep.limits.maxAttempts) return { kind: 'dead', error: `${result.error} (after ${attempts} attempts)` };
    const nextAttemptAt = at + backoffDelay(attempts, this.random, this.backoff);
    if (nextAttemptAt - entry.pendingSince > ep.limits.maxAgeMs)
      return { kind: 'dead', error: `${result.error} (owed longer than ${ep.limits.maxAgeMs / 3_600_000} h)` };
    return { kind: 'retry', error: result.error, nextAttemptAt };
  }
}

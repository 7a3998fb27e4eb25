import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DeliveryOutcome, OutboxEntry } from '../domain/outbox.ts';
import type { Clock, TimerHandle } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { TypedEmitter } from '../shared/typed-emitter.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import type { Endpoint } from './endpoints.ts';
import { HandoffRegistry, type HandoffWrite } from './handoff.ts';
import type { OutboxMessage } from '../domain/outbox.ts';
import type { Sender, SendResult } from './webhook-sender.ts';

/** The part of storage's OutboxRepository the dispatcher uses (events never imports storage). */
export interface DispatchQueue {
  claimDue(claim: { now: number; limit: number; claimer: string; leaseMs: number; endpointId?: string }): Promise<OutboxEntry[]>;
  settle(id: string, claimer: string, outcome: DeliveryOutcome, at: number): Promise<boolean>;
  release(id: string, claimer: string): Promise<boolean>;
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
  private readonly handoff: HandoffRegistry;
  private readonly byId: Map<string, Endpoint>;
  /** Per endpoint, handed-off keys whose head waits for a free slot. */
  private readonly ready = new Map<string, string[]>();
  /** Ids of the messages being attempted now, handed off or claimed. */
  private readonly sending = new Set<string>();
  /** The poll may find something now (unclaimed rows appended, a key given back, a full batch last time). */
  private pollOwed = true;

  constructor(private readonly o: DispatcherOptions) {
    super();
    this.claimer = o.claimer ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.byId = new Map(o.endpoints.map((ep) => [ep.id, ep]));
    this.handoff = new HandoffRegistry(this.claimer, (id) => leaseOf(this.byId.get(id)!));
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

  /**
   * Before a write runs: claims in place the messages it appends that this dispatcher will send
   * from memory (events/handoff.ts), so they need no claim query. Only once started.
   */
  stamp(write: HandoffWrite, messages: readonly OutboxMessage[]): void {
    if (!this.started || this.closing || messages.length === 0) return;
    this.handoff.stamp(write, messages, this.o.clock.now());
  }

  /** A write is durable: its handed-off messages go now, the rest at the poll (woken). */
  appended(messages: readonly OutboxMessage[]): void {
    if (this.closing) return;
    for (const key of this.handoff.accept(messages)) {
      const { endpointId } = this.handoff.head(key)!;
      this.makeReady(endpointId, key);
      this.pump(endpointId);
    }
    if (messages.some((m) => m.claim?.by !== this.claimer)) {
      this.pollOwed = true;
      this.wake();
    }
  }

  /** Messages waiting in memory to be sent (handed off, not yet settled). */
  get handedOff(): number {
    return this.handoff.size;
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
    // What waited in memory is released unsent, so the next run (or another server) sends it at once.
    await Promise.all(this.handoff.drain(this.sending).map((e) => this.release(e)));
    this.ready.clear();
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
    this.pollOwed = false;
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
        // Claimed is sent, even while closing: close() waits for it rather than leave it leased. One
        // still in flight here (its lease ran out under it: a long stall, a clock jump) is not sent
        // twice at once; that attempt settles it, and the poll's order rule holds its successors back.
        for (const entry of due) if (!this.sending.has(entry.id)) this.launch(entry, ep);
        if (due.length === limit) more = this.pollOwed = true;
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

  /** `key`'s head waits for a free slot of its endpoint (pump sends it). */
  private makeReady(endpointId: string, key: string): void {
    const queue = this.ready.get(endpointId);
    if (queue) queue.push(key);
    else this.ready.set(endpointId, [key]);
  }

  /** Sends handed-off heads of `endpointId` while it has free slots. */
  private pump(endpointId: string): void {
    const ep = this.byId.get(endpointId);
    const queue = this.ready.get(endpointId);
    if (!ep || !queue) return;
    while (!this.closing && queue.length > 0 && (this.inFlight.get(ep.id) ?? 0) < ep.limits.concurrency) {
      const key = queue.shift()!;
      const head = this.handoff.head(key);
      if (!head) continue;
      // Sent this late, the attempt could outlive the claim and meet another sender's: back to the poll.
      if (this.o.clock.now() + ep.limits.timeoutMs + 1_000 >= head.claimedUntil!) {
        this.backToPoll(key, head);
        continue;
      }
      this.launch(head, ep, key);
    }
  }

  /** A handed-off key goes back to the poll: its waiting messages (and `head`, when unsent) are released. */
  private backToPoll(key: string, unsentHead?: OutboxEntry): void {
    const rest = this.handoff.giveUp(key);
    for (const e of unsentHead ? [unsentHead, ...rest] : rest) void this.release(e);
    this.pollOwed = true;
    this.wake();
  }

  private async release(e: OutboxEntry): Promise<void> {
    try {
      await this.o.outbox.release(e.id, this.claimer);
    } catch (err) {
      this.o.logger.warn({ err, id: e.id }, 'outbox release failed; the message is sent when its lease ends');
    }
  }

  /** `key`: a handed-off message, whose key's next message follows once it settles. */
  private launch(entry: OutboxEntry, ep: Endpoint, key?: string): void {
    this.inFlight.set(ep.id, (this.inFlight.get(ep.id) ?? 0) + 1);
    this.sending.add(entry.id);
    const p: Promise<void> = this.attempt(entry, ep)
      .then((settled) => {
        this.sending.delete(entry.id);
        if (!key || this.closing) return;
        // Delivered or dead: the next may go. Retried, lost or unsettled: the poll's order rule takes over.
        if (settled !== 'final') this.backToPoll(key);
        else if (this.handoff.advance(key)) this.makeReady(ep.id, key);
      })
      .finally(() => {
        this.inFlight.set(ep.id, this.inFlight.get(ep.id)! - 1);
        this.attempts.delete(p);
        // A slot is free: fill it now rather than at the next poll (a claim query only if the poll may find something).
        this.pump(ep.id);
        if (!key || this.pollOwed) this.wake();
      });
    this.attempts.add(p);
  }

  /** `final`: settled delivered or dead; `open`: settled for a retry; `lost`: not settled by us. */
  private async attempt(entry: OutboxEntry, ep: Endpoint): Promise<'final' | 'open' | 'lost'> {
    let result: SendResult;
    try {
      result = await this.o.sender.send(entry, ep);
    } catch (err) {
      result = { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    const at = this.o.clock.now();
    const outcome = this.outcomeOf(entry, ep, result, at);
    let held: boolean;
    try {
      held = await this.o.outbox.settle(entry.id, this.claimer, outcome, at);
      if (!held) this.o.logger.warn({ id: entry.id, endpointId: ep.id }, 'outbox claim was lost before the attempt settled');
    } catch (err) {
      this.o.logger.warn({ err, id: entry.id }, 'outbox settle failed; the message is tried again when its lease ends');
      return 'lost';
    }
    if (outcome.kind === 'dead')
      this.o.logger.warn({ id: entry.id, endpointId: ep.id, error: outcome.error }, 'outbox message dead-lettered');
    this.emit('settled', entry, outcome);
    if (!held) return 'lost';
    return outcome.kind === 'retry' ? 'open' : 'final';
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

import type { OutboxEntry, OutboxMessage } from '../domain/outbox.ts';

/** Past this many messages waiting in memory, new ones go to the poll instead (bounds memory under a slow receiver). */
const MAX_QUEUED = 50_000;
/**
 * Live sessions tracked at most. A session normally leaves at its end; one whose end was never
 * written (a failed write) would stay, so past this the oldest is dropped: its later messages go to
 * the poll, which keeps them behind any still waiting here (the order rule), so dropping is safe.
 */
const MAX_SESSIONS = 100_000;

/** What a write appends, as the outbox feed sees it before the write runs. */
export interface HandoffWrite {
  sessionId: string;
  /** The write carries the session's `session.created`: it is the session's first. */
  birth: boolean;
  /** The write carries `session.ended`: no live event follows. */
  end: boolean;
}

/**
 * Which outbox messages this server sends straight from memory, and in what order.
 *
 * The poll's claim query costs a scan per batch (the "earliest pending seq per session and
 * endpoint" rule) plus an UPDATE per message; for a call's own live events it is pure overhead:
 * the server that appends them sends them. So a message is appended already claimed by this
 * server when that is safe, and queued here per (session, endpoint) in seq order.
 *
 * Safe means nothing owed for that (session, endpoint) can be outside this queue: true for a
 * session whose first write (its `session.created`) went through this process, since every
 * later write of the session is this process's too (another server only takes a session over
 * once this one is dead). A key whose delivery fails once goes back to the poll for good: its
 * retried message is owed outside the queue, and only the poll's order rule (the earliest
 * pending seq goes first) keeps the later ones behind it.
 */
export class HandoffRegistry {
  /** Live sessions born here: their keys that went back to the poll. */
  private readonly sessions = new Map<string, Set<string>>();
  /** Waiting messages per `sessionId>endpointId`, head first (the head may be in flight). */
  private readonly chains = new Map<string, OutboxEntry[]>();
  private queued = 0;

  constructor(
    readonly claimer: string,
    private readonly leaseOf: (endpointId: string) => number,
    private readonly maxSessions = MAX_SESSIONS,
  ) {}

  /** Claims in place the messages of `write` that may be handed off; the rest are left to the poll. */
  stamp(write: HandoffWrite, messages: readonly OutboxMessage[], now: number): void {
    if (write.birth && !this.sessions.has(write.sessionId)) {
      if (this.sessions.size >= this.maxSessions) this.sessions.delete(this.sessions.keys().next().value!);
      this.sessions.set(write.sessionId, new Set());
    }
    const slow = this.sessions.get(write.sessionId);
    if (slow) {
      for (const m of messages) {
        if (slow.has(m.endpointId) || this.queued >= MAX_QUEUED) continue;
        m.claim = { by: this.claimer, until: now + this.leaseOf(m.endpointId) };
      }
    }
    // Nothing live follows the end; what a late write appends goes to the poll, behind these.
    if (write.end) this.sessions.delete(write.sessionId);
  }

  /**
   * The write is durable: queues its handed-off messages, and returns the keys whose queue was
   * empty, so their head can go now.
   */
  accept(messages: readonly OutboxMessage[]): string[] {
    const started: string[] = [];
    for (const m of messages) {
      if (m.claim?.by !== this.claimer) continue;
      const key = keyOf(m.sessionId, m.endpointId);
      const chain = this.chains.get(key);
      const entry = toEntry(m);
      if (chain) chain.push(entry);
      else {
        this.chains.set(key, [entry]);
        started.push(key);
      }
      this.queued++;
    }
    return started;
  }

  head(key: string): OutboxEntry | undefined {
    return this.chains.get(key)?.[0];
  }

  /** The head settled delivered or dead: the next may go. Returns it, if any. */
  advance(key: string): OutboxEntry | undefined {
    const chain = this.chains.get(key);
    if (!chain) return undefined;
    chain.shift();
    this.queued--;
    if (chain.length > 0) return chain[0];
    this.chains.delete(key);
    return undefined;
  }

  /**
   * The key goes back to the poll (its head failed, or its lease is too close to send): returns
   * the messages still waiting behind the head, whose claims the caller releases.
   */
  giveUp(key: string): OutboxEntry[] {
    const chain = this.chains.get(key) ?? [];
    this.chains.delete(key);
    this.queued -= chain.length;
    const head = chain[0];
    if (head) this.sessions.get(head.sessionId)?.add(head.endpointId);
    return chain.slice(1);
  }

  /** Every waiting message not yet sent (heads in flight excluded), for release at shutdown. */
  drain(inFlight: ReadonlySet<string>): OutboxEntry[] {
    const out: OutboxEntry[] = [];
    for (const chain of this.chains.values()) out.push(...(inFlight.has(chain[0]!.id) ? chain.slice(1) : chain));
    this.chains.clear();
    this.sessions.clear();
    this.queued = 0;
    return out;
  }

  get size(): number {
    return this.queued;
  }
}

export const keyOf = (sessionId: string, endpointId: string): string => `${sessionId}>${endpointId}`;

function toEntry(m: OutboxMessage): OutboxEntry {
  return {
    ...m,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: m.createdAt,
    pendingSince: m.createdAt,
    lastAttemptAt: null,
    lastError: null,
    claimedBy: m.claim!.by,
    claimedUntil: m.claim!.until,
  };
}

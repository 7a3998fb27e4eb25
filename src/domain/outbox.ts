/**
 * One delivery the outbox owes: an event (or a TCCC data push) for one endpoint. The events layer
 * builds messages, storage keeps them with their delivery state; both speak these types, and
 * neither imports the other.
 */

/** `webhook`: an openccc signed event; `cdr` / `record`: a TCCC data push (`action=cdr|record`). */
export type OutboxKind = 'webhook' | 'cdr' | 'record';

/** pending: owed (maybe claimed by a sender right now); delivered and dead are final until an operator retries. */
export type OutboxState = 'pending' | 'delivered' | 'dead';

/** What is appended, in the same transaction as the state change it reports. */
export interface OutboxMessage {
  /** Stable per (event, endpoint): appending the same message twice keeps one. */
  id: string;
  /** The lifecycle event this delivers (`<sessionId>-<seq>`). */
  eventId: string;
  sessionId: string;
  /** Orders one session's messages to one endpoint: seq n+1 is never sent while n is owed. */
  seq: number;
  endpointId: string;
  kind: OutboxKind;
  /** The exact JSON body to send. */
  payload: string;
  /** Unix ms; the first attempt is due then. */
  createdAt: number;
  /**
   * Appended already claimed by this server's dispatcher, which sends it from memory as soon as
   * the write is durable, with no claim query (events/handoff.ts). Absent: the dispatcher's poll claims it.
   */
  claim?: { by: string; until: number };
}

/** A message with its delivery state, as stored. */
export interface OutboxEntry extends OutboxMessage {
  state: OutboxState;
  /** Attempts made so far (settled ones). */
  attempts: number;
  nextAttemptAt: number;
  /** Since when it has been owed: created, or retried by an operator. The max-age limit counts from here. */
  pendingSince: number;
  lastAttemptAt: number | null;
  lastError: string | null;
  /** Who holds the current attempt and until when; another sender may claim it only after that. */
  claimedBy: string | null;
  claimedUntil: number | null;
}

/** How an attempt ended. */
export type DeliveryOutcome =
  { kind: 'delivered' } | { kind: 'retry'; error: string; nextAttemptAt: number } | { kind: 'dead'; error: string };

import type { OutboxEntry, OutboxKind, OutboxMessage, OutboxState } from '../../domain/outbox.ts';
import type { OutboxTable } from '../database.ts';

/** The columns an append writes; the rest start null. */
export type OutboxInsertRow = Pick<
  OutboxTable,
  | 'id'
  | 'event_id'
  | 'session_id'
  | 'seq'
  | 'endpoint_id'
  | 'kind'
  | 'payload'
  | 'state'
  | 'attempts'
  | 'next_attempt_at'
  | 'pending_since'
  | 'created_at'
  | 'claimed_by'
  | 'claimed_until'
>;

export const OUTBOX_INSERT_COLUMNS = [
  'id',
  'event_id',
  'session_id',
  'seq',
  'endpoint_id',
  'kind',
  'payload',
  'state',
  'attempts',
  'next_attempt_at',
  'pending_since',
  'created_at',
  'claimed_by',
  'claimed_until',
] as const satisfies readonly (keyof OutboxInsertRow)[];

/** A new message is pending and due at once; a handed-off one starts claimed by its sender. */
export function toOutboxRow(m: OutboxMessage): OutboxInsertRow {
  return {
    id: m.id,
    event_id: m.eventId,
    session_id: m.sessionId,
    seq: m.seq,
    endpoint_id: m.endpointId,
    kind: m.kind,
    payload: m.payload,
    state: 'pending',
    attempts: 0,
    next_attempt_at: m.createdAt,
    pending_since: m.createdAt,
    created_at: m.createdAt,
    claimed_by: m.claim?.by ?? null,
    claimed_until: m.claim?.until ?? null,
  };
}

const num = (v: number | null): number | null => (v === null ? null : Number(v));

export function fromOutboxRow(r: OutboxTable): OutboxEntry {
  return {
    id: r.id,
    eventId: r.event_id,
    sessionId: r.session_id,
    seq: Number(r.seq),
    endpointId: r.endpoint_id,
    kind: r.kind as OutboxKind,
    payload: r.payload,
    createdAt: Number(r.created_at),
    state: r.state as OutboxState,
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
    pendingSince: Number(r.pending_since),
    lastAttemptAt: num(r.last_attempt_at),
    lastError: r.last_error,
    claimedBy: r.claimed_by,
    claimedUntil: num(r.claimed_until),
  };
}

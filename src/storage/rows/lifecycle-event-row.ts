import type { LifecycleEvent } from '../../domain/lifecycle-event.ts';
import type { SessionEventsTable } from '../database.ts';

/** Row <-> record for `session_events`; the event id is derived from the key (`<session_id>-<seq>`), not stored. */
export function toLifecycleEventRow(e: LifecycleEvent): SessionEventsTable {
  return { session_id: e.sessionId, seq: e.seq, type: e.type, occurred_at: e.occurredAt, data: JSON.stringify(e.data) };
}

export function fromLifecycleEventRow(r: SessionEventsTable): LifecycleEvent {
  return {
    id: `${r.session_id}-${r.seq}`,
    sessionId: r.session_id,
    seq: r.seq,
    type: r.type as LifecycleEvent['type'],
    occurredAt: r.occurred_at,
    data: JSON.parse(r.data),
  } as LifecycleEvent;
}

export const LIFECYCLE_EVENT_COLUMNS = [
  'session_id',
  'seq',
  'type',
  'occurred_at',
  'data',
] as const satisfies readonly (keyof SessionEventsTable)[];

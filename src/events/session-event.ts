import type { LifecycleEvent, LifecycleEventData, LifecycleEventType } from '../domain/lifecycle-event.ts';
import type { TelCdr } from '../domain/cdr.ts';

/** The version of the event envelope below; a receiver checks it before reading `data`. */
export const SESSION_EVENT_VERSION = 1;

/**
 * Every event a webhook can receive, by name. The literal list (not a type alone) is what
 * config validation and docs/events.md are checked against; the `satisfies` line below makes
 * it fail to compile when domain gains an event type this list lacks.
 */
export const SESSION_EVENT_TYPES = [
  'session.created',
  'session.ringing',
  'session.answered',
  'session.keyPressed',
  'session.ended',
] as const satisfies readonly LifecycleEventType[];
true satisfies [Exclude<LifecycleEventType, (typeof SESSION_EVENT_TYPES)[number]>] extends [never] ? true : false;

export type SessionEventType = (typeof SESSION_EVENT_TYPES)[number];

/** What each event carries: the lifecycle data, and for the end the CDR as DescribeTelCdr shows it. */
export type SessionEventData = {
  [T in SessionEventType]: T extends 'session.ended' ? LifecycleEventData[T] & { cdr: TelCdr } : LifecycleEventData[T];
};

/** One event as a webhook receives it (the JSON body). */
export type SessionEvent = {
  [T in SessionEventType]: {
    /** Stable: a redelivery carries the same id (`<sessionId>-<seq>`). */
    id: string;
    type: T;
    version: typeof SESSION_EVENT_VERSION;
    sdkAppId: number;
    sessionId: string;
    /** 1, 2, 3… per session, in the order the events happened. */
    seq: number;
    /** Unix ms. */
    occurredAt: number;
    data: SessionEventData[T];
  };
}[SessionEventType];

/** The webhook body of a lifecycle event; `cdr` is required for `session.ended`. */
export function toSessionEvent(e: LifecycleEvent, sdkAppId: number, cdr?: TelCdr): SessionEvent {
  if (e.type === 'session.ended' && !cdr) throw new Error(`session event ${e.id}: session.ended needs its CDR`);
  const data = e.type === 'session.ended' ? { ...e.data, cdr } : e.data;
  return {
    id: e.id,
    type: e.type,
    version: SESSION_EVENT_VERSION,
    sdkAppId,
    sessionId: e.sessionId,
    seq: e.seq,
    occurredAt: e.occurredAt,
    data,
  } as SessionEvent;
}

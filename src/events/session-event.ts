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
  'session.nodeEntered',
  'session.keyPressed',
  'session.variableSet',
  'session.recordingReady',
  'session.ended',
] as const satisfies readonly LifecycleEventType[];
true satisfies [Exclude<LifecycleEventType, (typeof SESSION_EVENT_TYPES)[number]>] extends [never] ? true : false;

export type SessionEventType = (typeof SESSION_EVENT_TYPES)[number];

/**
 * What each event carries: the lifecycle data; for the end the CDR as DescribeTelCdr shows it; for
 * a recording its signed link, minted when the delivery was written (valid `recordings.urlTtlSeconds`).
 */
export type SessionEventData = {
  [T in SessionEventType]: T extends 'session.ended'
    ? LifecycleEventData[T] & { cdr: TelCdr }
    : T extends 'session.recordingReady'
      ? LifecycleEventData[T] & { recordUrl: string }
      : LifecycleEventData[T];
};

/** What the envelope adds to an event's stored data: the CDR of `session.ended`, the link of `session.recordingReady`. */
export interface SessionEventExtras {
  cdr?: TelCdr;
  recordUrl?: string;
}

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

/** The webhook body of a lifecycle event; `cdr` is required for `session.ended`, `recordUrl` for `session.recordingReady`. */
export function toSessionEvent(e: LifecycleEvent, sdkAppId: number, extras: SessionEventExtras = {}): SessionEvent {
  let data: object = e.data;
  if (e.type === 'session.ended') {
    if (!extras.cdr) throw new Error(`session event ${e.id}: session.ended needs its CDR`);
    data = { ...e.data, cdr: extras.cdr };
  } else if (e.type === 'session.recordingReady') {
    if (extras.recordUrl === undefined) throw new Error(`session event ${e.id}: session.recordingReady needs its link`);
    data = { ...e.data, recordUrl: extras.recordUrl };
  }
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

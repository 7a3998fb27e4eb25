import type { SessionRecord } from '../../domain/session.ts';
import type { LifecycleEventType } from '../../domain/lifecycle-event.ts';

/**
 * In-process observers of sessions (the demo console, logs, metrics): told of each lifecycle
 * event as it happens. Durable delivery never reads this; it reads the events stored with the
 * state (storage `session_events`), so an observer can be slow or absent without loss.
 */
export interface SessionLifecycleNotice {
  type: LifecycleEventType;
  session: SessionRecord;
}

export interface SessionObserver {
  publish(notice: SessionLifecycleNotice): void;
}

export const ignoreSessions: SessionObserver = { publish: () => {} };

import type { SessionRecord } from '../domain/session.ts';

/**
 * Where the app reports what happens to sessions. The events layer (durable outbox, webhooks)
 * implements this seam; until then the server logs them.
 */
export type SessionLifecycleEvent =
  | { type: 'session.created'; session: SessionRecord }
  | { type: 'session.ringing'; session: SessionRecord }
  | { type: 'session.answered'; session: SessionRecord }
  | { type: 'session.keyPressed'; session: SessionRecord }
  | { type: 'session.ended'; session: SessionRecord };

export interface SessionEventSink {
  publish(event: SessionLifecycleEvent): void;
}

export const discardEvents: SessionEventSink = { publish: () => {} };

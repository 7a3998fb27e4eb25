import type { LifecycleEvent } from '../../domain/lifecycle-event.ts';
import type { SessionRecord } from '../../domain/session.ts';
import type { StorageConfig, StoredTrace } from '../../storage/repositories.ts';
import { withStoredWorld } from './stored-world.ts';

/** Everything stored about one call: the session (its CDR state), its lifecycle events and its trace (sip calls only). */
export interface CallReport {
  session: SessionRecord;
  events: LifecycleEvent[];
  trace: StoredTrace | undefined;
}

/** `openccc calls show`: reads one session, its events and its trace; undefined when no session has that id. */
export async function showCall(target: StorageConfig, sessionId: string): Promise<CallReport | undefined> {
  return withStoredWorld(target, async (storage) => {
    const session = await storage.sessions.find(sessionId);
    if (!session) return undefined;
    const [events, trace] = await Promise.all([storage.sessions.events(sessionId), storage.traces.get(sessionId)]);
    return { session, events, trace };
  });
}

import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Storage } from '../../storage/repositories.ts';
import { LifecycleSequence } from '../../domain/lifecycle-event.ts';
import { stepSession } from '../../domain/session-machine.ts';

/**
 * After a crash, sessions that were in flight have no line any more. Each is ended as a
 * shutdown would have ended it (EndStatus operatorError, hung up by the system) at restart
 * time, so its CDR is never lost. `beforeFinish` (release-orphaned-dialogs.ts) first tells the
 * far ends of their answered calls, while the dialogs are still stored.
 */
export async function recoverUnfinishedSessions(
  storage: Storage,
  clock: Clock,
  logger: Logger,
  beforeFinish?: (sessionIds: string[]) => Promise<unknown>,
): Promise<number> {
  const unfinished = await storage.sessions.listUnfinished();
  if (beforeFinish && unfinished.length > 0) await beforeFinish(unfinished.map((s) => s.sessionId));
  const at = clock.now();
  for (const s of unfinished) {
    const step = stepSession(s, { type: 'hangupRequested', at, reason: 'shutdown' });
    const sequence = new LifecycleSequence(s.sessionId, (await storage.sessions.events(s.sessionId)).length);
    await storage.finishSession(
      step.session,
      step.events.map((type) => sequence.next(type, step.session, at)),
    );
  }
  if (unfinished.length > 0) logger.warn({ count: unfinished.length }, 'closed sessions left unfinished by an earlier run');
  return unfinished.length;
}

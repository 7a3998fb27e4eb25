import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Storage } from '../../storage/repositories.ts';
import { LifecycleSequence } from '../../domain/lifecycle-event.ts';
import { stepSession } from '../../domain/session-machine.ts';
import { NO_OUTBOX, type OutboxFeed } from '../events/outbox-feed.ts';

/**
 * Sessions whose owner is gone (its lease expired at `leaseNowMs`: a crashed server, or an
 * earlier run of this one) have no line any more. Each is taken over by this server (atomically:
 * of two survivors sweeping at once, one gets it) and ended as a shutdown would have ended it
 * (EndStatus operatorError, hung up by the system) at `clock` time, so its CDR is never lost.
 * Sessions of servers that still hold their lease are never touched. `beforeFinish`
 * (release-orphaned-dialogs.ts) first tells the far ends of the taken-over answered calls, while
 * their dialogs are still stored. Returns how many it closed.
 */
export async function recoverOrphanedSessions(
  storage: Storage,
  clock: Clock,
  logger: Logger,
  leaseNowMs: number,
  beforeFinish?: (sessionIds: string[]) => Promise<unknown>,
  outbox: OutboxFeed = NO_OUTBOX,
): Promise<number> {
  const orphans = await storage.sessions.takeOverOrphans(leaseNowMs);
  if (beforeFinish && orphans.length > 0) await beforeFinish(orphans.map((s) => s.sessionId));
  const at = clock.now();
  let closed = 0;
  for (const s of orphans) {
    const step = stepSession(s, { type: 'hangupRequested', at, reason: 'shutdown' });
    const sequence = new LifecycleSequence(s.sessionId, (await storage.sessions.events(s.sessionId)).length);
    const events = step.events.map((type) => sequence.next(type, step.session, at));
    // Its ended event is owed like any call's: webhooks and the CDR push learn of the crash's calls too.
    const messages = await outbox.endedMessagesOf(step.session, events);
    const outcome = await storage.finishSession(step.session, events, messages);
    if (outcome === 'written') outbox.appended(messages);
    // Only if our own lease lapsed meanwhile and yet another server took it from us.
    if (outcome === 'fenced')
      logger.error({ sessionId: s.sessionId }, 'recovered session was taken over by another server before it was closed');
    else closed++;
  }
  if (orphans.length > 0) logger.warn({ count: closed }, 'closed sessions whose server is gone (crashed, or an earlier run of this one)');
  return closed;
}

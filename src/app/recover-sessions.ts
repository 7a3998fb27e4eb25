import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { Storage } from '../storage/repositories.ts';
import { EndStatus } from '../domain/end-status.ts';

/**
 * After a crash, sessions that were in flight have no line any more. Each is closed with
 * EndStatus operatorError, hung up by the system, at restart time, so its CDR is never lost.
 */
export async function recoverUnfinishedSessions(storage: Storage, clock: Clock, logger: Logger): Promise<number> {
  const unfinished = await storage.sessions.listUnfinished();
  const at = clock.now();
  for (const s of unfinished) {
    await storage.finishSession({
      ...s,
      status: 'finished',
      endedAt: at,
      ivrEndedAt: s.acceptAt !== null ? at : null,
      endStatus: EndStatus.operatorError,
      hungUpSide: 'system',
    });
  }
  if (unfinished.length > 0) logger.warn({ count: unfinished.length }, 'closed sessions left unfinished by an earlier run');
  return unfinished.length;
}

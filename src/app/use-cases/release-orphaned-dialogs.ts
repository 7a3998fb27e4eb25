import type { Logger } from '../../shared/logger.ts';
import type { Storage } from '../../storage/repositories.ts';
import type { Carrier, OrphanRelease } from '../../telephony/carrier.ts';

/** The whole release waits at most this long, however many calls were up: a restart is not held up by the far ends. */
export const RELEASE_BUDGET_MS = 2500;
/** Releases in flight at once (BYEs on SIP): a crash with thousands of calls up must not burst them all in one tick. */
export const RELEASE_CONCURRENCY = 32;

export interface ReleaseDeps {
  storage: Storage;
  carrier: Carrier;
  logger: Logger;
  budgetMs?: number;
  concurrency?: number;
}

export interface ReleaseSummary {
  /** Sessions with a stored dialog. */
  stored: number;
  /** The far end confirmed the end. */
  released: number;
}

/**
 * After a crash, the far ends of the calls an earlier process had answered still hold them up
 * (until their own timers fire). For each of these sessions that has a stored dialog, the carrier
 * is asked to end it on the line (a BYE on SIP), best effort, all within one bounded budget. The
 * caller then finishes the sessions as recovery always has; finishSession drops the dialog rows.
 * Never throws: a storage or carrier failure only loses the BYEs, never the recovery.
 */
export async function releaseOrphanedDialogs(deps: ReleaseDeps, sessionIds: readonly string[]): Promise<ReleaseSummary> {
  const { storage, carrier, logger } = deps;
  const budgetMs = deps.budgetMs ?? RELEASE_BUDGET_MS;
  let dialogs;
  try {
    dialogs = await storage.callDialogs.ofSessions(sessionIds);
  } catch (err) {
    logger.error({ err }, 'could not read the dialogs of calls left up by an earlier run; their far ends are not told');
    return { stored: 0, released: 0 };
  }
  if (dialogs.length === 0) return { stored: 0, released: 0 };
  const deadline = performance.now() + budgetMs;
  const queue = [...dialogs];
  let released = 0;
  const worker = async (): Promise<void> => {
    for (let d = queue.shift(); d; d = queue.shift()) {
      const left = Math.round(deadline - performance.now());
      if (left <= 0) return;
      const outcome: OrphanRelease = await carrier
        .releaseOrphan({ carrier: d.carrier, state: d.state }, { timeoutMs: left })
        .catch((err: unknown) => ({ released: false, detail: err instanceof Error ? err.message : String(err) }));
      if (outcome.released) released++;
      logger.info({ sessionId: d.sessionId, released: outcome.released, detail: outcome.detail }, 'call left up by an earlier run');
    }
  };
  const workers = Array.from({ length: Math.min(deps.concurrency ?? RELEASE_CONCURRENCY, dialogs.length) }, worker);
  await Promise.all(workers);
  if (queue.length > 0) logger.warn({ skipped: queue.length, budgetMs }, 'release budget spent; these far ends are not told');
  logger.warn({ stored: dialogs.length, released }, 'told the far ends of calls left up by an earlier run');
  return { stored: dialogs.length, released };
}

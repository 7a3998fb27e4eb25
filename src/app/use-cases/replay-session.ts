import type { StorageConfig } from '../../storage/repositories.ts';
import { SystemClock, type Clock } from '../../shared/clock.ts';
import type { ConfirmRequeue, RequeueResult } from './retry-deliveries.ts';
import { StoredWorldError, withStoredWorld } from './stored-world.ts';

/**
 * `openccc events replay`: every delivery of one session (to one endpoint, or all), delivered
 * ones too, due again now under the same event ids, so a receiver that lost its copy (or
 * restored a backup) gets the whole call again in seq order and dedupes what it already has.
 */
export async function replaySession(
  target: StorageConfig,
  replay: { sessionId: string; endpointId?: string },
  confirm: ConfirmRequeue,
  clock: Clock = new SystemClock(),
): Promise<RequeueResult> {
  return withStoredWorld(target, async (storage) => {
    const entries = await storage.outbox.list({ ...replay, limit: 100_000 });
    if (entries.length === 0) {
      const to = replay.endpointId === undefined ? '' : ` to endpoint ${replay.endpointId}`;
      throw new StoredWorldError(`no deliveries of session ${replay.sessionId}${to} in this database`, 'notFound');
    }
    const matched = entries.length;
    if (!(await confirm(matched))) return { matched, requeued: 0, delivered: [] };
    const requeued = await storage.outbox.retry({ ...replay, states: ['pending', 'delivered', 'dead'] }, clock.now());
    return { matched, requeued, delivered: [] };
  });
}

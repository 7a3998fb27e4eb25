import type { OutboxRetry, Storage, StorageConfig } from '../../storage/repositories.ts';
import { SystemClock, type Clock } from '../../shared/clock.ts';
import { StoredWorldError, withStoredWorld } from './stored-world.ts';

/** Which undelivered deliveries to send again: named ones, one session's, or every dead one. */
export type RetrySelection = { ids: readonly string[] } | { sessionId: string } | { dead: true };

export interface RequeueResult {
  /** How many the selection matched (before confirming). */
  matched: number;
  /** How many are now due; fewer than matched when some were being attempted right now. */
  requeued: number;
  /** Named deliveries left alone because they were delivered (a replay sends those again). */
  delivered: string[];
}

/** Asked with how many deliveries would go again; false leaves the outbox as it was. */
export type ConfirmRequeue = (matched: number) => Promise<boolean>;

/**
 * `openccc events retry`: makes dead and still-owed deliveries due now, with a fresh attempt
 * count and max age. Delivered ones stay delivered (that is `replay`). Unknown ids, or a session
 * with no deliveries, are an error and nothing changes.
 */
export async function retryDeliveries(
  target: StorageConfig,
  which: RetrySelection,
  confirm: ConfirmRequeue,
  clock: Clock = new SystemClock(),
): Promise<RequeueResult> {
  return withStoredWorld(target, async (storage) => {
    const { matched, delivered, retry } = await selectionOf(storage, which);
    if (matched === 0 || !(await confirm(matched))) return { matched, requeued: 0, delivered };
    return { matched, requeued: await storage.outbox.retry(retry, clock.now()), delivered };
  });
}

async function selectionOf(storage: Storage, which: RetrySelection): Promise<{ matched: number; delivered: string[]; retry: OutboxRetry }> {
  if ('dead' in which) return { matched: (await storage.outbox.counts(['dead'])).dead, delivered: [], retry: { states: ['dead'] } };
  if ('sessionId' in which) {
    const entries = await storage.outbox.list({ sessionId: which.sessionId, limit: 100_000 });
    if (entries.length === 0) throw new StoredWorldError(`no deliveries of session ${which.sessionId} in this database`, 'notFound');
    const owed = entries.filter((e) => e.state !== 'delivered');
    return { matched: owed.length, delivered: [], retry: { sessionId: which.sessionId, states: ['pending', 'dead'] } };
  }
  const ids = [...new Set(which.ids)];
  const entries = await Promise.all(ids.map((id) => storage.outbox.get(id)));
  const unknown = ids.filter((_, i) => entries[i] === undefined);
  if (unknown.length > 0) throw new StoredWorldError(`no delivery ${unknown.join(', ')} in this database; nothing retried`, 'notFound');
  const owed = entries.filter((e) => e!.state !== 'delivered').map((e) => e!.id);
  const delivered = entries.filter((e) => e!.state === 'delivered').map((e) => e!.id);
  return { matched: owed.length, delivered, retry: { ids: owed, states: ['pending', 'dead'] } };
}

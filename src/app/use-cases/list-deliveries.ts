import type { OutboxEntry, OutboxState } from '../../domain/outbox.ts';
import type { OutboxQuery, StorageConfig } from '../../storage/repositories.ts';
import { withStoredWorld } from './stored-world.ts';

/** The deliveries an operator asked for, and the whole outbox's backlog by state. */
export interface DeliveryList {
  entries: OutboxEntry[];
  counts: Record<OutboxState, number>;
}

/** `openccc events list`: newest first (one session's in its order per endpoint). */
export async function listDeliveries(target: StorageConfig, q: OutboxQuery): Promise<DeliveryList> {
  return withStoredWorld(target, async (storage) => {
    const [entries, counts] = await Promise.all([storage.outbox.list(q), storage.outbox.counts()]);
    return { entries, counts };
  });
}

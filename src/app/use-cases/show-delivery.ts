import type { OutboxEntry } from '../../domain/outbox.ts';
import type { StorageConfig } from '../../storage/repositories.ts';
import { StoredWorldError, withStoredWorld } from './stored-world.ts';

/** `openccc events show`: one delivery as stored; a clear error when no delivery has that id. */
export async function showDelivery(target: StorageConfig, id: string): Promise<OutboxEntry> {
  const entry = await withStoredWorld(target, (storage) => storage.outbox.get(id));
  if (!entry) throw new StoredWorldError(`no delivery ${id} in this database (\`openccc events list\` shows their ids)`, 'notFound');
  return entry;
}

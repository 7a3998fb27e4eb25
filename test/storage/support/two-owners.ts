import { after, before } from 'node:test';
import { randomUUID } from 'node:crypto';
import type { SessionOwner, Storage } from '../../../src/storage/repositories.ts';
import type { StorageTarget } from './storage-targets.ts';

/** Two servers on one database, each its own storage with its own owner, opened before the suite's tests and closed after. */
export function twoOwners(target: StorageTarget): { a: SessionOwner; b: SessionOwner; A: () => Storage; B: () => Storage } {
  const a: SessionOwner = { node: `a-${randomUUID()}`, incarnation: randomUUID() };
  const b: SessionOwner = { node: `b-${randomUUID()}`, incarnation: randomUUID() };
  let sa: Storage | undefined;
  let sb: Storage | undefined;
  before(async () => {
    sa = await target.open({ owner: a });
    sb = await target.open({ owner: b });
  });
  after(async () => {
    await sa?.close();
    await sb?.close();
  });
  return { a, b, A: () => sa!, B: () => sb! };
}

import { after, before, describe } from 'node:test';
import type { Storage } from '../../../src/storage/repositories.ts';
import type { StorageTarget } from './storage-targets.ts';
import { sessionTests } from './session-tests.ts';
import { cdrTests } from './cdr-tests.ts';
import { idempotencyTests } from './idempotency-tests.ts';
import { restartTests } from './restart-tests.ts';
import { recordingTests } from './recording-tests.ts';
import { clientTokenTests } from './client-token-tests.ts';
import { traceTests } from './trace-tests.ts';
import { ownershipTests } from './ownership-tests.ts';
import { callDialogTests } from './call-dialog-tests.ts';
import { outboxTests } from './outbox-tests.ts';
import { appendTests } from './append-tests.ts';

/** The one repository suite every dialect must pass. */
export function defineStorageSuite(target: StorageTarget): void {
  let storage: Storage | undefined;
  const get = (): Storage => {
    if (!storage) throw new Error(`${target.name} storage did not open`);
    return storage;
  };
  before(async () => {
    storage = await target.open();
  });
  after(async () => {
    await storage?.close();
    await target.dispose();
  });
  describe('sessions', () => sessionTests(get));
  describe('finishSession and CDRs', () => cdrTests(get));
  describe('idempotency', () => idempotencyTests(get));
  describe('recordings', () => recordingTests(get));
  describe('client tokens', () => clientTokenTests(get));
  describe('call traces', () => traceTests(get));
  describe('call dialogs', () => callDialogTests(get));
  describe('outbox', () => outboxTests(get));
  describe('event appends', () => appendTests(target));
  describe('restart', () => restartTests(target, get));
  // Last: its sweeps re-own every orphan in the database, the other groups' live rows included.
  describe('ownership and leases', () => ownershipTests(target));
}

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Storage } from '../../storage/repositories.ts';
import type { World } from '../world.ts';
import { Recordings } from '../recordings/recordings.ts';
import { RetentionSweeper } from '../recordings/retention-sweeper.ts';
import { loadSigningSecret } from '../recordings/signing-secret.ts';

export interface OpenRecordingsInput {
  world: World;
  dataDir: string;
  storage: Storage;
  clock: Clock;
  logger: Logger;
}

/** The default base of RecordURL: the configured listen address, with a wildcard host made reachable locally. */
export function listenUrlOf(listen: string): string {
  const i = listen.lastIndexOf(':');
  let host = listen.slice(0, i).replace(/^\[|\]$/g, '');
  if (host === '0.0.0.0') host = '127.0.0.1';
  else if (host === '::') host = '::1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${listen.slice(i + 1)}`;
}

/**
 * `<dataDir>/recordings/`, the signing key, the recordings service and its retention sweeper
 * (not yet started). Whether CDR reads need to look for recordings at all is decided here once:
 * some IVR records, or rows remain from earlier runs.
 */
export async function openRecordings(input: OpenRecordingsInput): Promise<{ recordings: Recordings; sweeper: RetentionSweeper }> {
  const { world, dataDir, storage, clock, logger } = input;
  const config = world.config.recordings;
  const dir = join(dataDir, 'recordings');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const anyIvrRecords = [...world.apps.values()].some((app) => [...app.ivrs.values()].some((ivr) => ivr.config.record));
  const stored = anyIvrRecords || (await storage.recordings.createdBefore(Number.MAX_SAFE_INTEGER, 1)).length > 0;
  const recordings = new Recordings({
    dir,
    config,
    listenUrl: listenUrlOf(world.config.server.listen),
    key: loadSigningSecret(dataDir, config.signingSecret),
    storage,
    clock,
    mayHaveRecordings: stored,
  });
  const sweeper = new RetentionSweeper({ repository: storage.recordings, clock, logger, retentionDays: config.retentionDays });
  return { recordings, sweeper };
}

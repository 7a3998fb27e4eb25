import { resolve } from 'node:path';
import { ApiError } from '../../shared/errors.ts';
import { SystemClock } from '../../shared/clock.ts';
import { openStorage } from '../../storage/open-storage.ts';
import type { LoadedConfig } from '../config/load.ts';
import { CalleeAreaResolver } from '../geo/callee-area-resolver.ts';
import { storageConfigOf } from '../runtime/storage-config.ts';
import { buildWorld } from '../world.ts';
import { checkOutboundRules, type RuleCheckInput, type RuleCheckReport } from './check-outbound-rules.ts';

/**
 * `openccc rules check`: the dry run against a world file and its database, outside a server.
 * The counts are read from the world's database (SQLite is opened shared, not taken over), so
 * the verdicts are what the server would say now; nothing is written to it.
 */
export async function checkRulesOfWorld(
  loaded: LoadedConfig,
  sdkAppId: number,
  input: RuleCheckInput,
  dataDirOverride?: string,
): Promise<RuleCheckReport> {
  const world = buildWorld(loaded);
  const app = world.apps.get(sdkAppId);
  if (!app) throw new ApiError('InvalidParameterValue.InstanceNotExist', `SdkAppId ${sdkAppId} is not an app of ${loaded.file}.`);
  const dataDir = resolve(dataDirOverride ?? resolve(loaded.baseDir, loaded.config.server.dataDir));
  const target = storageConfigOf(loaded, dataDir);
  const storage = await openStorage(target.kind === 'sqlite' ? { ...target, exclusive: false } : target);
  try {
    return await checkOutboundRules({ storage, areas: new CalleeAreaResolver(), clock: new SystemClock() }, app, input);
  } finally {
    await storage.close();
  }
}

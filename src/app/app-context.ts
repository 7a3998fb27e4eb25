import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { Carrier } from '../telephony/carrier.ts';
import type { Storage } from '../storage/repositories.ts';
import type { World } from './world.ts';
import type { CallSupervisor } from './call-supervisor.ts';
import type { KeyedMutex } from './keyed-mutex.ts';
import type { CdrCache } from './cdr-cache.ts';

/** Everything a use case may touch; built once by the server. */
export interface AppContext {
  world: World;
  storage: Storage;
  carrier: Carrier;
  clock: Clock;
  logger: Logger;
  calls: CallSupervisor;
  /** Serializes admission per callee/caller while counting rules decide. */
  admission: KeyedMutex;
  /** Round-robin position over each app's caller numbers. */
  callerTurns: Map<number, number>;
  /** Finished sessions recently written or read: CDRs are immutable, so reads can skip the database. */
  cdrCache: CdrCache;
}

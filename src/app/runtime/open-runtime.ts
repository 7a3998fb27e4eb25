import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { SystemClock, type Clock } from '../../shared/clock.ts';
import { createLogger, type Logger } from '../../shared/logger.ts';
import { openStorage } from '../../storage/open-storage.ts';
import type { Storage } from '../../storage/repositories.ts';
import { openCarrier, UnsupportedCarrierError } from '../../telephony/open-carrier.ts';
import type { Carrier } from '../../telephony/carrier.ts';
import type { LoadedConfig } from '../config/load.ts';
import { ConfigError } from '../config/config-error.ts';
import { buildWorld } from '../world.ts';
import { CallSupervisor } from '../call/call-supervisor.ts';
import type { SessionObserver } from '../call/session-observer.ts';
import { logSessions } from '../call/log-observer.ts';
import { KeyedMutex } from '../keyed-mutex.ts';
import { CdrReader } from '../cdr-reader.ts';
import { CallerRotation } from '../caller-rotation.ts';
import type { AppContext } from '../app-context.ts';
import { recoverUnfinishedSessions } from '../use-cases/recover-sessions.ts';
import { acceptInboundCall } from '../use-cases/accept-inbound-call.ts';
import { storageConfigOf } from './storage-config.ts';
import { CalleeAreaResolver } from '../geo/callee-area-resolver.ts';
import { needsCalleeArea } from '../../domain/rules/pipeline.ts';

export interface RuntimeOptions {
  loaded: LoadedConfig;
  dataDir?: string | undefined;
  carrier?: 'sim' | 'sip' | undefined;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
  observer?: SessionObserver | undefined;
}

/** The app with its adapters open: what the gateway serves. */
export interface Runtime {
  app: AppContext;
  dataDir: string;
  /** For the shared rate limits, when `redis` is configured. */
  redis: Redis | undefined;
  /** Hangs up every call, writes their CDRs, closes carrier, Redis and storage. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens everything a world needs below the gateway, in order, closing what was opened when a
 * later step fails: world (all config checks), carrier, storage (+ recovery of calls cut off
 * by a crash), Redis. Inbound calls are routed from the moment it returns.
 */
export async function openRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const { loaded } = opts;
  const cfg = loaded.config;
  const clock = opts.clock ?? new SystemClock();
  const logger = opts.logger ?? createLogger();
  const world = buildWorld(loaded);
  const dataDir = resolve(opts.dataDir ?? resolve(loaded.baseDir, cfg.server.dataDir));
  mkdirSync(dataDir, { recursive: true });
  const carrier = carrierOf(loaded, opts.carrier ?? cfg.carrier.kind, clock);
  let storage: Storage | undefined;
  let redis: Redis | undefined;
  try {
    storage = await openStorage(storageConfigOf(loaded, dataDir), { logger });
    await recoverUnfinishedSessions(storage, clock, logger);
    if (cfg.redis) redis = new Redis(cfg.redis.url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: false });
    if (redis) await redis.connect();
  } catch (err) {
    await storage?.close();
    redis?.disconnect();
    await carrier.close();
    throw err;
  }
  const areas = new CalleeAreaResolver();
  const cdrs = new CdrReader(storage, undefined, areas.callerLocator());
  const calls = new CallSupervisor({
    carrier,
    storage,
    clock,
    observer: opts.observer ?? logSessions(logger),
    logger,
    onCdrWriting: (record) => cdrs.writing(record.sdkAppId),
    onClosed: ({ record, durable }) => {
      if (durable) cdrs.written(record);
    },
  });
  // Decoding the geocoding data takes ~150 ms: do it now when a rule will need it, not on the first call.
  if ([...world.apps.values()].some((a) => needsCalleeArea(a.rules))) await areas.ready();
  const app: AppContext = {
    world,
    storage,
    clock,
    logger,
    calls,
    admission: new KeyedMutex(),
    callers: new CallerRotation(),
    cdrs,
    areas,
  };
  carrier.on('incoming', (incoming) => {
    acceptInboundCall(app, incoming).catch((err: unknown) => logger.error({ err }, 'inbound call failed'));
  });
  let closing: Promise<void> | undefined;
  const opened = storage;
  const close = () =>
    (closing ??= (async () => {
      await calls.shutdown();
      await carrier.close();
      redis?.disconnect();
      await opened.close();
    })());
  return { app, dataDir, redis, close };
}

function carrierOf(loaded: LoadedConfig, kind: 'sim' | 'sip', clock: Clock): Carrier {
  try {
    return openCarrier({ ...loaded.config.carrier, kind }, clock);
  } catch (err) {
    if (err instanceof UnsupportedCarrierError) throw new ConfigError([{ file: loaded.file, path: 'carrier.kind', message: err.reason }]);
    throw err;
  }
}

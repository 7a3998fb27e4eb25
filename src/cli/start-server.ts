import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { FastifyInstance } from 'fastify';
import { SystemClock, type Clock } from '../shared/clock.ts';
import { createLogger, type Logger } from '../shared/logger.ts';
import { openStorage } from '../storage/open-storage.ts';
import { storageConfigOf } from './storage-config.ts';
import type { Carrier } from '../telephony/carrier.ts';
import { SimCarrier } from '../telephony/sim/sim-carrier.ts';
import { simCarrierConfigSchema } from '../telephony/sim/sim-config.ts';
import type { LoadedConfig } from '../app/config/load.ts';
import { ConfigError } from '../app/config/config-error.ts';
import { buildWorld } from '../app/world.ts';
import { CallSupervisor } from '../app/call-supervisor.ts';
import { KeyedMutex } from '../app/keyed-mutex.ts';
import { CdrCache } from '../app/cdr-cache.ts';
import type { AppContext } from '../app/app-context.ts';
import { recoverUnfinishedSessions } from '../app/recover-sessions.ts';
import type { SessionEventSink } from '../app/session-events.ts';
import { logEvents } from '../app/log-events.ts';
import { buildGateway } from '../gateway/server.ts';
import { ApiRateLimiter } from '../gateway/rate-limit.ts';
import { ReplayGuard } from '../gateway/replay-guard.ts';

export interface ServerOptions {
  loaded: LoadedConfig;
  /** Overrides server.listen; port 0 picks a free one. */
  listen?: string;
  dataDir?: string;
  carrier?: 'sim' | 'sip';
  clock?: Clock;
  logger?: Logger;
  events?: SessionEventSink;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  app: AppContext;
  http: FastifyInstance;
  /** Hangs up every call, writes their CDRs, closes HTTP, carrier, Redis and storage. Idempotent. */
  close(): Promise<void>;
}

export function splitListen(listen: string): { host: string; port: number } {
  const i = listen.lastIndexOf(':');
  return { host: listen.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(listen.slice(i + 1)) };
}

function makeCarrier(loaded: LoadedConfig, kind: 'sim' | 'sip', clock: Clock): Carrier {
  if (kind === 'sip') {
    throw new ConfigError([
      {
        file: loaded.file,
        path: 'carrier.kind',
        message: 'the SIP carrier is not part of this version of openccc yet; use the simulated carrier (sim)',
      },
    ]);
  }
  return new SimCarrier(loaded.config.carrier.sim ?? simCarrierConfigSchema.parse({}), clock);
}

/** Builds and starts the whole server from a loaded config; the one place the layers are wired. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const { loaded } = opts;
  const cfg = loaded.config;
  const clock = opts.clock ?? new SystemClock();
  const logger = opts.logger ?? createLogger();
  const world = buildWorld(loaded);
  const dataDir = resolve(opts.dataDir ?? resolve(loaded.baseDir, cfg.server.dataDir));
  mkdirSync(dataDir, { recursive: true });
  const carrier = makeCarrier(loaded, opts.carrier ?? cfg.carrier.kind, clock);
  const storage = await openStorage(storageConfigOf(loaded, dataDir)).catch(async (err: unknown) => {
    await carrier.close();
    throw err;
  });
  let redis: Redis | undefined;
  try {
    await recoverUnfinishedSessions(storage, clock, logger);
    if (cfg.redis) redis = new Redis(cfg.redis.url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: false });
    if (redis) await redis.connect();
  } catch (err) {
    await storage.close();
    redis?.disconnect();
    await carrier.close();
    throw err;
  }
  const cdrCache = new CdrCache();
  const calls = new CallSupervisor(carrier, storage, clock, opts.events ?? logEvents(logger), logger, (record) => cdrCache.put(record));
  const app: AppContext = { world, storage, carrier, clock, logger, calls, admission: new KeyedMutex(), callerTurns: new Map(), cdrCache };
  const windowSec = cfg.server.timestampWindowSeconds;
  // Replays are refused by the signature window anyway; keep answers a little longer than it.
  const replay = new ReplayGuard(storage.idempotency, (2 * windowSec + 60) * 1000);
  const http = buildGateway({
    app,
    limiter: new ApiRateLimiter(cfg.limits, redis),
    replay,
    bodyLimitBytes: cfg.server.bodyLimitBytes,
    timestampWindowSec: windowSec,
    logger,
  });
  const { host, port } = splitListen(opts.listen ?? cfg.server.listen);
  await http.listen({ host, port });
  const address = http.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const pruneEveryMs = 60_000;
  const pruner = setInterval(() => {
    storage.idempotency.prune(clock.now()).catch((err: unknown) => logger.warn({ err }, 'idempotency prune failed'));
  }, pruneEveryMs);
  pruner.unref();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(pruner);
      await http.close();
      await calls.shutdown();
      await carrier.close();
      redis?.disconnect();
      await storage.close();
    })());
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${hostForUrl}:${boundPort}`, host, port: boundPort, app, http, close };
}

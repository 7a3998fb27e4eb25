import type { FastifyInstance } from 'fastify';
import type { Clock } from '../shared/clock.ts';
import { createLogger, type Logger } from '../shared/logger.ts';
import type { LoadedConfig } from '../app/config/load.ts';
import type { AppContext } from '../app/app-context.ts';
import type { SessionObserver } from '../app/call/session-observer.ts';
import { openRuntime } from '../app/runtime/open-runtime.ts';
import type { ClusterOptions } from '../app/runtime/open-cluster.ts';
import { listenUrlOf } from '../app/runtime/open-recordings.ts';
import { buildGateway } from '../gateway/server.ts';
import { ApiRateLimiter } from '../gateway/rate-limit.ts';
import { ReplayGuard } from '../gateway/replay-guard.ts';

export interface ServerOptions {
  loaded: LoadedConfig;
  /** Overrides server.listen; port 0 picks a free one. */
  listen?: string | undefined;
  dataDir?: string | undefined;
  carrier?: 'sim' | 'sip' | undefined;
  clock?: Clock | undefined;
  /** Wall time of the cluster lease (see RuntimeOptions.leaseClock). */
  leaseClock?: Clock | undefined;
  logger?: Logger | undefined;
  observer?: SessionObserver | undefined;
  /** Cluster mode (see RuntimeOptions.cluster); until `cluster:` config exists, set by the caller. */
  cluster?: ClusterOptions | undefined;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  app: AppContext;
  http: FastifyInstance;
  /** Resolves if this server loses its cluster lease (docs/cluster.md); it then takes no calls and has hung up its own. */
  leaseLost: Promise<unknown>;
  /**
   * Stops taking calls and drains them (`cluster.shutdown`), still answering the API; closes
   * HTTP, then hangs up every call left, writes their CDRs, releases the lease, closes carrier,
   * Redis and storage. Idempotent.
   */
  close(): Promise<void>;
}

export function splitListen(listen: string): { host: string; port: number } {
  const i = listen.lastIndexOf(':');
  return { host: listen.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(listen.slice(i + 1)) };
}

/** The composition root: the app runtime (with its adapters) under the HTTP gateway. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const cfg = opts.loaded.config;
  const logger = opts.logger ?? createLogger(cfg.server.logLevel);
  const runtime = await openRuntime({ ...opts, logger });
  const { app } = runtime;
  const windowSec = cfg.server.timestampWindowSeconds;
  // Replays are refused by the signature window anyway; keep answers a little longer than it.
  const replay = new ReplayGuard(app.storage.idempotency, (2 * windowSec + 60) * 1000);
  const http = buildGateway({
    app,
    limiter: new ApiRateLimiter(cfg.limits, runtime.redis),
    replay,
    bodyLimitBytes: cfg.server.bodyLimitBytes,
    timestampWindowSec: windowSec,
    logger,
  });
  const { host, port } = splitListen(opts.listen ?? cfg.server.listen);
  try {
    await http.listen({ host, port });
  } catch (err) {
    await runtime.close();
    throw err;
  }
  const address = http.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const pruner = setInterval(() => {
    app.storage.idempotency.prune(app.clock.now()).catch((err: unknown) => logger.warn({ err }, 'idempotency prune failed'));
    app.storage.clientTokens.prune(app.clock.now()).catch((err: unknown) => logger.warn({ err }, 'client token prune failed'));
  }, 60_000);
  pruner.unref();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Not ready from the first moment, so a load balancer stops sending work while calls wind down.
      app.readiness.drain();
      clearInterval(pruner);
      await runtime.drain();
      await http.close();
      await runtime.close();
    })());
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  const url = `http://${hostForUrl}:${boundPort}`;
  // RecordURL is on this server's own address (the bound port, when it was 0) unless recordings.publicBaseUrl says otherwise.
  app.recordings.useListenUrl(listenUrlOf(`${hostForUrl}:${boundPort}`));
  return { url, host, port: boundPort, app, http, leaseLost: runtime.membership.lease.lost, close };
}

import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { SystemClock, type Clock } from '../../shared/clock.ts';
import { createLogger, type Logger } from '../../shared/logger.ts';
import { openStorage } from '../../storage/open-storage.ts';
import type { Storage } from '../../storage/repositories.ts';
import { openCarrier, UnsupportedCarrierError, type OpenCarrierOptions } from '../../telephony/open-carrier.ts';
import type { Carrier } from '../../telephony/carrier.ts';
import type { LoadedConfig } from '../config/load.ts';
import { ConfigError } from '../config/config-error.ts';
import { buildWorld, type World } from '../world.ts';
import { kindOf } from '../../ivr/nodes/index.ts';
import { CallSupervisor } from '../call/call-supervisor.ts';
import type { SessionObserver } from '../call/session-observer.ts';
import { logSessions } from '../call/log-observer.ts';
import { KeyedMutex } from '../keyed-mutex.ts';
import { openCluster, type ClusterOptions, type OpenedCluster } from './open-cluster.ts';
import { CdrReader } from '../cdr-reader.ts';
import { CallerRotation } from '../caller-rotation.ts';
import type { AppContext } from '../app-context.ts';
import { releaseOrphanedDialogs } from '../use-cases/release-orphaned-dialogs.ts';
import { acceptInboundCall } from '../use-cases/accept-inbound-call.ts';
import { storageConfigOf } from './storage-config.ts';
import { openSpeechTiming, type SpeechTiming } from './speech-timing.ts';
import { openRecordings } from './open-recordings.ts';
import type { RetentionSweeper } from '../recordings/retention-sweeper.ts';
import { CalleeAreaResolver } from '../geo/callee-area-resolver.ts';
import { needsCalleeArea } from '../../domain/rules/pipeline.ts';
import { EndedCalls, liveSessionMetrics } from '../observability/call-metrics.ts';
import { carrierMetrics } from '../observability/carrier-metrics.ts';
import { Readiness } from '../observability/readiness.ts';
import { NodeMembership } from '../cluster/node-membership.ts';
import { newOwner } from '../cluster/node-lease.ts';
import { clusterSettingsOf } from '../cluster/cluster-settings.ts';
import { openEvents, type OpenedEvents } from './open-events.ts';

export interface RuntimeOptions {
  loaded: LoadedConfig;
  dataDir?: string | undefined;
  carrier?: 'sim' | 'sip' | undefined;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
  observer?: SessionObserver | undefined;
  /** Text-to-speech for the simulated line's prompt timings; false turns it off. Default on when the plug-in is installed. */
  textToSpeech?: boolean | undefined;
  /** The TTS plug-in to run (tests name one that does not exist). */
  ttsPluginSpecifier?: string | undefined;
  /** Overrides server.listen: the default cluster node id is derived from its port. */
  listen?: string | undefined;
  /**
   * Wall time for the cluster lease, heartbeats and the drain wait (default: the system clock,
   * whatever `clock` is: leases are compared between servers, and a virtual call clock must not
   * have to fire heartbeats).
   */
  leaseClock?: Clock | undefined;
  /** Tuning of cluster mode (which `cluster:` in the config turns on): lock pool size, remote hangup wait. */
  cluster?: ClusterOptions | undefined;
}

/** The app with its adapters open: what the gateway serves. */
export interface Runtime {
  app: AppContext;
  dataDir: string;
  /** For the shared rate limits, when `redis` is configured. */
  redis: Redis | undefined;
  /** Deletes recordings past `recordings.retentionDays`. */
  sweeper: RetentionSweeper;
  /** This server in the cluster: its lease (`membership.lease.lost` resolves if it loses it). */
  membership: NodeMembership;
  /**
   * Stops taking calls and, with `cluster.shutdown.mode: drain`, waits up to drainSeconds for
   * live calls to end; the API keeps answering meanwhile. close() does it too. Idempotent.
   */
  drain(): Promise<void>;
  /** Drains, hangs up every call left, writes their CDRs, releases the lease, closes carrier, Redis and storage. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens everything a world needs below the gateway, in order, closing what was opened when a
 * later step fails: world (all config checks), carrier, storage, the cluster lease (+ recovery
 * of calls whose server is gone: crashed, or our own earlier run; the carrier, already open, BYEs
 * the far ends of their answered calls first), Redis. Inbound calls are
 * routed from the moment it returns.
 */
export async function openRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const { loaded } = opts;
  const cfg = loaded.config;
  const clock = opts.clock ?? new SystemClock();
  const logger = opts.logger ?? createLogger(cfg.server.logLevel);
  const world = buildWorld(loaded);
  const dataDir = resolve(opts.dataDir ?? resolve(loaded.baseDir, cfg.server.dataDir));
  mkdirSync(dataDir, { recursive: true });
  const kind = opts.carrier ?? cfg.carrier.kind;
  const speech: SpeechTiming | undefined =
    kind === 'sim'
      ? await openSpeechTiming({ world, dataDir, clock, logger, enabled: opts.textToSpeech, pluginSpecifier: opts.ttsPluginSpecifier })
      : undefined;
  // Redis first: the SIP carrier shares its trunk's limits through it.
  let redis: Redis | undefined;
  try {
    if (cfg.redis) {
      const { url, namespace } = cfg.redis;
      // ioredis prefixes every key it sends, script KEYS included: rate limits and trunk slots alike.
      const keyPrefix = namespace === undefined ? {} : { keyPrefix: `${namespace}:` };
      redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: false, ...keyPrefix });
    }
    if (redis) await redis.connect();
  } catch (err) {
    redis?.disconnect();
    await speech?.close();
    throw err;
  }
  let carrier: Carrier;
  try {
    carrier = await carrierOf(loaded, kind, clock, {
      redis,
      dataDir,
      textPrompts: speaksText(world),
      textToSpeech: opts.textToSpeech,
      ttsPluginSpecifier: opts.ttsPluginSpecifier,
      sim: { textPromptMs: speech?.textPromptMs },
    });
  } catch (err) {
    redis?.disconnect();
    await speech?.close();
    throw err;
  }
  let storage: Storage | undefined;
  let recorded: Awaited<ReturnType<typeof openRecordings>> | undefined;
  let membership: NodeMembership | undefined;
  let cluster: OpenedCluster | undefined;
  let events: OpenedEvents | undefined;
  const areas = new CalleeAreaResolver();
  const settings = clusterSettingsOf(cfg, opts.listen ?? cfg.server.listen);
  try {
    const storageConfig = storageConfigOf(loaded, dataDir);
    storage = await openStorage(storageConfig, { logger, owner: newOwner(settings.nodeId) });
    // Several servers as one service: admission locks and the node channel on the shared Postgres.
    if (cfg.cluster) cluster = await openCluster(loaded, storageConfig, { ...opts.cluster, nodeId: settings.nodeId }, logger);
    // Before recovery: the ended events of the calls it closes owe their CDR pushes, links included.
    recorded = await openRecordings({ world, dataDir, storage, clock, logger });
    const links = recorded.recordings;
    events = openEvents({
      apps: cfg.apps,
      storage,
      clock,
      logger,
      lookups: { storage, urlFor: (id) => links.urlFor(id), callerLocator: areas.callerLocator() },
      retentionDays: cfg.events.retentionDays,
    });
    // Before anything is admitted: the lease, then the sessions of servers (or of our own earlier run) that are gone.
    const store = storage;
    membership = await NodeMembership.start({
      storage,
      settings,
      clock,
      leaseClock: opts.leaseClock ?? new SystemClock(),
      logger,
      beforeFinish: (ids) => releaseOrphanedDialogs({ storage: store, carrier, logger }, ids),
      outbox: events.feed,
    });
    // After recovery: what it appended, and what an earlier run still owed, goes out now.
    await events.start();
  } catch (err) {
    await events?.close();
    await membership?.close();
    await cluster?.close();
    await storage?.close();
    redis?.disconnect();
    await carrier.close();
    await speech?.close();
    throw err;
  }
  const { recordings, sweeper } = recorded;
  const delivery = events;
  const ended = new EndedCalls();
  const cdrs = new CdrReader(storage, undefined, areas.callerLocator(), (record) => ended.note(record));
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
    recordings,
    outbox: delivery.feed,
  });
  const member = membership;
  member.supervise(calls);
  // Decoding the geocoding data takes ~150 ms: do it now when a rule will need it, not on the first call.
  if ([...world.apps.values()].some((a) => needsCalleeArea(a.rules))) await areas.ready();
  const app: AppContext = {
    world,
    storage,
    clock,
    logger,
    calls,
    admission: cluster?.admission ?? new KeyedMutex(),
    callers: new CallerRotation(),
    remoteHangups: cluster?.remoteHangups(calls, clock),
    remoteHangupTimeoutMs: opts.cluster?.remoteHangupTimeoutMs,
    cdrs,
    recordings,
    areas,
    metrics: [liveSessionMetrics(calls), ended, carrierMetrics(carrier), delivery.metrics],
    readiness: new Readiness({ storage, carrier, calls, clock }),
    outbox: delivery.feed,
  };
  sweeper.start();
  carrier.on('incoming', (incoming) => {
    acceptInboundCall(app, incoming).catch((err: unknown) => logger.error({ err }, 'inbound call failed'));
  });
  let closing: Promise<void> | undefined;
  const opened = storage;
  const close = () =>
    (closing ??= (async () => {
      app.readiness.drain();
      await member.drain();
      await sweeper.close();
      await calls.shutdown();
      // After the calls' last writes (their ended events), before storage closes under it.
      await delivery.close();
      await cluster?.close();
      await carrier.close();
      await speech?.close();
      await member.close();
      await redis?.quit().catch(() => redis?.disconnect()); // quit lets the last trunk-slot releases go out
      await opened.close();
    })());
  return { app, dataDir, redis, sweeper, membership: member, drain: () => member.drain(), close };
}

async function carrierOf(loaded: LoadedConfig, kind: 'sim' | 'sip', clock: Clock, opts: OpenCarrierOptions): Promise<Carrier> {
  try {
    return await openCarrier({ ...loaded.config.carrier, kind }, clock, opts);
  } catch (err) {
    if (err instanceof UnsupportedCarrierError) throw new ConfigError([{ file: loaded.file, path: 'carrier', message: err.reason }]);
    throw err;
  }
}

/** Whether any IVR of the world has a text prompt (a real line then needs text-to-speech). */
function speaksText(world: World): boolean {
  for (const app of world.apps.values())
    for (const ivr of app.ivrs.values())
      for (const node of Object.values(ivr.flow.nodes))
        if (
          kindOf(node)
            .prompts(node)
            .some((p) => p.prompt.kind === 'text')
        )
          return true;
  return false;
}

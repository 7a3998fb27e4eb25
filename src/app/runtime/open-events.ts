import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import { Dispatcher } from '../../events/dispatcher.ts';
import { endpointsOf } from '../../events/endpoints.ts';
import { WebhookSender } from '../../events/webhook-sender.ts';
import type { Storage } from '../../storage/repositories.ts';
import type { AppConfig } from '../config/schema.ts';
import { OutboxFeed, type CdrLookups } from '../events/outbox-feed.ts';
import { OutboxUpkeep } from '../events/outbox-upkeep.ts';
import { OutboxMetrics } from '../observability/outbox-metrics.ts';

export interface OpenEventsInput {
  apps: readonly Pick<AppConfig, 'sdkAppId' | 'webhooks' | 'dataPush'>[];
  storage: Storage;
  clock: Clock;
  logger: Logger;
  lookups: CdrLookups;
  /** `events.retentionDays`. */
  retentionDays: number;
}

/** The outbox's two halves: the feed the calls append through, and (once started) the delivery. */
export interface OpenedEvents {
  feed: OutboxFeed;
  /** The backlog by state and the attempts' outcomes, for app.metrics (zeros in a world without endpoints). */
  metrics: OutboxMetrics;
  /** Starts delivering; without any endpoint in the world, does nothing. Call after recovery. */
  start(): Promise<void>;
  /** Stops claiming and waits for the attempts in flight; after the calls' last writes. Idempotent. */
  close(): Promise<void>;
  /** Undefined until started (and always in a world without endpoints). */
  readonly dispatcher: Dispatcher | undefined;
}

/** Builds every app's endpoints once, from the config (docs/events.md). */
export function openEvents(input: OpenEventsInput): OpenedEvents {
  const endpoints = input.apps.flatMap((a) => endpointsOf(a));
  const feed = new OutboxFeed(endpoints, input.lookups);
  const metrics = new OutboxMetrics();
  const upkeep = new OutboxUpkeep({
    outbox: input.storage.outbox,
    metrics,
    clock: input.clock,
    logger: input.logger,
    retentionMs: Math.round(input.retentionDays * 86_400_000),
  });
  let dispatcher: Dispatcher | undefined;
  let sender: WebhookSender | undefined;
  let closing: Promise<void> | undefined;
  return {
    feed,
    metrics,
    get dispatcher() {
      return dispatcher;
    },
    async start() {
      if (endpoints.length === 0 || dispatcher || closing) return;
      // The file is ours alone: the claims left in it are those of an earlier run that died
      // mid-attempt, resent now rather than after their lease.
      if (input.storage.singleWriter) {
        const released = await input.storage.outbox.releaseClaims();
        if (released > 0) input.logger.warn({ released }, 'outbox: resending the attempts an earlier run left in flight');
      }
      sender = new WebhookSender(input.clock);
      const d = new Dispatcher({ outbox: input.storage.outbox, endpoints, sender, clock: input.clock, logger: input.logger });
      dispatcher = d;
      d.on('settled', (_entry, outcome) => metrics.settled(outcome));
      feed.deliverTo(d);
      d.start();
      upkeep.start();
    },
    close() {
      return (closing ??= (async () => {
        await dispatcher?.close();
        sender?.close();
        await upkeep.close();
      })());
    },
  };
}

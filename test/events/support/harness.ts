import { after, before } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { VirtualClock } from '../../../src/shared/clock.ts';
import { silentLogger } from '../../../src/shared/logger.ts';
import type { OutboxMessage } from '../../../src/domain/outbox.ts';
import { openStorage } from '../../../src/storage/open-storage.ts';
import type { Storage } from '../../../src/storage/repositories.ts';
import { Dispatcher, type DispatcherOptions } from '../../../src/events/dispatcher.ts';
import type { Endpoint, WebhookEndpoint, DataPushEndpoint, DeliveryLimits } from '../../../src/events/endpoints.ts';
import { WebhookSender } from '../../../src/events/webhook-sender.ts';
import type { PushAuthConfig } from '../../../src/events/webhook-config.ts';
import { Receiver } from './receiver.ts';

export const T0 = Date.UTC(2026, 0, 5, 2, 0, 0);
export const SECRET = 'whsec-test-0123456789abcdef';

export const LIMITS: DeliveryLimits = { maxAttempts: 5, timeoutMs: 2_000, maxAgeMs: 24 * 3_600_000, concurrency: 4 };

export function webhookEndpoint(url: string, over: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return {
    kind: 'webhook',
    id: '1400000000/webhook/test',
    sdkAppId: 1_400_000_000,
    url,
    limits: LIMITS,
    secret: SECRET,
    events: undefined,
    ...over,
  };
}

export function pushEndpoint(url: string, auth: PushAuthConfig = { kind: 'none' }, over: Partial<DataPushEndpoint> = {}): DataPushEndpoint {
  return {
    kind: 'dataPush',
    id: '1400000000/dataPush',
    sdkAppId: 1_400_000_000,
    url,
    limits: LIMITS,
    auth,
    cdr: true,
    record: true,
    ...over,
  };
}

/** `n` webhook messages of one session, seq 1..n, payloads naming their seq. */
export function sessionMessages(
  sessionId: string,
  endpointId: string,
  n: number,
  kind: OutboxMessage['kind'] = 'webhook',
): OutboxMessage[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${sessionId}-${i + 1}>${endpointId}`,
    eventId: `${sessionId}-${i + 1}`,
    sessionId,
    seq: i + 1,
    endpointId,
    kind,
    payload: JSON.stringify({ sessionId, seq: i + 1 }),
    createdAt: T0,
  }));
}

/** A SQLite storage in a temp dir, a virtual clock, and dispatchers over them; dispose() cleans all. */
export class Harness {
  readonly clock = new VirtualClock(T0);
  readonly dispatchers: Dispatcher[] = [];
  private readonly senders: WebhookSender[] = [];
  private constructor(
    readonly storage: Storage,
    private readonly dir: string,
  ) {}

  static async open(): Promise<Harness> {
    const dir = mkdtempSync(join(tmpdir(), 'openccc-events-'));
    return new Harness(await openStorage({ kind: 'sqlite', path: join(dir, 'events.db') }), dir);
  }

  dispatcher(endpoints: readonly Endpoint[], over: Partial<DispatcherOptions> = {}): Dispatcher {
    const sender = new WebhookSender(this.clock);
    this.senders.push(sender);
    const d = new Dispatcher({
      outbox: this.storage.outbox,
      endpoints,
      sender,
      clock: this.clock,
      logger: silentLogger,
      // The middle of every jitter range: delays are exact and half the ceiling.
      random: () => 0.5,
      pollMs: 500,
      ...over,
    });
    this.dispatchers.push(d);
    d.start();
    return d;
  }

  /**
   * Waits (real time) until `done()`; while every dispatcher is idle, moves the virtual clock by
   * `stepMs`, so retries fall due without ever cutting short a request in flight.
   */
  async until(done: () => boolean | Promise<boolean>, opts: { stepMs?: number; maxSteps?: number; what?: string } = {}): Promise<void> {
    const step = opts.stepMs ?? 500;
    for (let i = 0; i < (opts.maxSteps ?? 2_000); i++) {
      if (await done()) return;
      await sleep(2);
      if (this.dispatchers.every((d) => d.idle)) this.clock.advance(step);
    }
    throw new Error(`gave up waiting${opts.what ? ` for ${opts.what}` : ''} at +${this.clock.now() - T0} ms virtual`);
  }

  async dispose(): Promise<void> {
    for (const d of this.dispatchers) await d.close();
    for (const s of this.senders) s.close();
    await this.storage.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A harness and a loopback receiver for the tests of one describe(): its fields are set before them and closed after. */
export function harnessAndReceiver(): { h: Harness; rx: Receiver } {
  const t = {} as { h: Harness; rx: Receiver };
  before(async () => {
    t.h = await Harness.open();
    t.rx = await Receiver.start();
  });
  after(async () => {
    await t.h?.dispose();
    await t.rx?.close();
  });
  return t;
}

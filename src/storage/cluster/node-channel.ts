import { createHash } from 'node:crypto';
import pg from 'pg';
import { z } from 'zod';
import { TypedEmitter, type Emitter } from '../../shared/typed-emitter.ts';
import type { Logger } from '../../shared/logger.ts';

/**
 * Node-to-node messages over Postgres LISTEN/NOTIFY. Why this and not Redis pub/sub or NATS: a
 * cluster already depends on Postgres (the shared sessions), so this adds no broker to run; and a
 * NOTIFY is delivered only when its transaction commits, so a message sent after a write never
 * overtakes that write. Delivery is at most once to the nodes listening at that moment (a node
 * reconnecting misses what was sent meanwhile): requesters wait with a deadline and re-read storage.
 */

const hangup = z.strictObject({ type: z.literal('hangup'), sdkAppId: z.number().int(), sessionId: z.string(), requestId: z.string() });
/** The owner's answer to `hangup`: the call is hung up and its CDR written. */
const hungUp = z.strictObject({
  type: z.literal('hungUp'),
  to: z.string(),
  sessionId: z.string(),
  requestId: z.string(),
});
const message = z.discriminatedUnion('type', [hangup, hungUp]);
const envelope = z.strictObject({ from: z.string(), message });

export type NodeMessage = z.infer<typeof message>;

/** Postgres refuses NOTIFY payloads of 8000 bytes or more. */
export const MAX_PAYLOAD_BYTES = 7999;

export type NodeChannelEvents = {
  /** A message another node sent (our own are not delivered back). */
  message: [message: NodeMessage, from: string];
  /** LISTEN is (again) in place after a lost connection; anything sent meanwhile was missed. */
  reconnected: [];
};

export interface NodeChannel extends Emitter<NodeChannelEvents> {
  readonly nodeId: string;
  /** Sends to every listening node; rejects when the message is too big or Postgres is unreachable. */
  publish(message: NodeMessage): Promise<void>;
  /** Stops listening and ends the connections. Idempotent. */
  close(): Promise<void>;
}

export interface NodeChannelOptions {
  url: string;
  /** Names the channel; notifications are per database, so two schemas must not hear each other. The schema. */
  namespace: string;
  nodeId: string;
  logger: Logger;
  /** First reconnect delay; doubles per failure up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/** The channel's name for a namespace: a plain identifier of at most 63 bytes. */
export function channelNameOf(namespace: string): string {
  return `openccc_${createHash('sha256').update(namespace).digest('hex').slice(0, 24)}`;
}

class PostgresNodeChannel extends TypedEmitter<NodeChannelEvents> implements NodeChannel {
  readonly nodeId: string;
  private readonly channel: string;
  private listener: pg.Client | undefined;
  // Sends go over their own connection: a send never waits for the listener to reconnect.
  private readonly sender: pg.Pool;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly o: NodeChannelOptions) {
    super();
    this.nodeId = o.nodeId;
    this.channel = channelNameOf(o.namespace);
    this.sender = new pg.Pool({ connectionString: o.url, max: 1 });
    this.sender.on('error', (err) => o.logger.warn({ err }, 'node channel send connection failed'));
  }

  /** Connects and listens; rejects when the first connection fails (later losses reconnect). */
  async start(): Promise<void> {
    this.listener = await this.listen();
  }

  async publish(msg: NodeMessage): Promise<void> {
    if (this.closed) throw new Error('node channel is closed');
    const payload = JSON.stringify({ from: this.nodeId, message: msg });
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES)
      throw new RangeError(`node message of ${Buffer.byteLength(payload)} bytes exceeds ${MAX_PAYLOAD_BYTES}`);
    await this.sender.query('select pg_notify($1, $2)', [this.channel, payload]);
  }

  close(): Promise<void> {
    return (this.closing ??= (async () => {
      this.closed = true;
      clearTimeout(this.retry);
      const l = this.listener;
      this.listener = undefined;
      await Promise.allSettled([l?.end(), this.sender.end()]);
      this.removeAllListeners();
    })());
  }

  private async listen(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.o.url });
    client.on('notification', (n) => {
      if (n.channel === this.channel && n.payload !== undefined) this.deliver(n.payload);
    });
    // 'error' and 'end' both mean the connection is lost; reconnect once per client, and only
    // once it listened (a failed attempt is retried by reconnect's own rejection handler).
    let live = false;
    let lost = false;
    const onLost = (err?: Error) => {
      if (!live || lost || this.closed) return;
      lost = true;
      this.o.logger.warn({ err }, 'node channel lost its Postgres connection; reconnecting');
      void client.end().catch(() => {});
      this.reconnect(this.o.backoffMs ?? 100);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    try {
      await client.connect();
      await client.query(`listen ${this.channel}`);
      live = true;
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
    return client;
  }

  private reconnect(delayMs: number): void {
    this.listener = undefined;
    this.retry = setTimeout(() => {
      this.listen().then(
        (client) => {
          if (this.closed) return void client.end().catch(() => {});
          this.listener = client;
          this.emit('reconnected');
        },
        (err: unknown) => {
          if (this.closed) return;
          this.o.logger.warn({ err }, 'node channel reconnect failed');
          this.reconnect(Math.min(delayMs * 2, this.o.maxBackoffMs ?? 5_000));
        },
      );
    }, delayMs);
    this.retry.unref();
  }

  private deliver(payload: string): void {
    let parsed: z.infer<typeof envelope>;
    try {
      parsed = envelope.parse(JSON.parse(payload));
    } catch (err) {
      // Another version of openccc, or something else on the channel: never fatal.
      this.o.logger.warn({ err }, 'node channel dropped a message it does not understand');
      return;
    }
    if (parsed.from !== this.nodeId) this.emit('message', parsed.message, parsed.from);
  }
}

/** Opens the channel of one node; resolves once it listens. */
export async function openNodeChannel(opts: NodeChannelOptions): Promise<NodeChannel> {
  const channel = new PostgresNodeChannel(opts);
  try {
    await channel.start();
  } catch (err) {
    await channel.close();
    throw err;
  }
  return channel;
}

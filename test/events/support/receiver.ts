import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What the receiver does with one request: answer it, or hold it until `release` is called. */
export type Answer = { status: number; body: string; contentType?: string; delayMs?: number } | { hold: true };

export type Behaviour = (req: Received) => Answer;

export const ACK_JSON: Answer = { status: 200, body: '{"ErrCode":0,"ErrMsg":""}', contentType: 'application/json' };

/**
 * A real HTTP receiver on loopback (port 0). `down()` stops listening (connections are refused),
 * `up()` listens again on the same port. Tracks requests in flight per key, to prove no attempt
 * is ever sent twice at once.
 */
export class Receiver {
  readonly requests: Received[] = [];
  behaviour: Behaviour = () => ACK_JSON;
  /** Requests answered 2xx, per key. */
  readonly accepted = new Map<string, number>();
  /** The most requests with the same key that were in flight together. */
  maxConcurrentPerKey = 0;
  private readonly inFlight = new Map<string, number>();
  private readonly held: (() => void)[] = [];
  private server: Server | undefined;
  private port = 0;

  constructor(
    private readonly keyOf: (r: Received) => string = (r) => String(r.headers['x-openccc-event-id'] ?? r.headers['x-tccc-push-uuid']),
  ) {}

  static async start(behaviour?: Behaviour): Promise<Receiver> {
    const r = new Receiver();
    if (behaviour) r.behaviour = behaviour;
    await r.up();
    return r;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async up(): Promise<void> {
    const server = createServer((req, res) => this.handle(req, res));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and drops every open connection: senders see refused connections until up(). */
  async down(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    this.releaseAll();
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }

  /** Answers every held request with 200 ACK_JSON. */
  releaseAll(): void {
    for (const release of this.held.splice(0)) release();
  }

  get heldCount(): number {
    return this.held.length;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      this.requests.push(r);
      const key = this.keyOf(r);
      const n = (this.inFlight.get(key) ?? 0) + 1;
      this.inFlight.set(key, n);
      this.maxConcurrentPerKey = Math.max(this.maxConcurrentPerKey, n);
      const finish = (a: { status: number; body: string; contentType?: string }) => {
        this.inFlight.set(key, this.inFlight.get(key)! - 1);
        if (res.destroyed) return;
        if (a.status >= 200 && a.status < 300) this.accepted.set(key, (this.accepted.get(key) ?? 0) + 1);
        res.writeHead(a.status, { 'content-type': a.contentType ?? 'text/plain' });
        res.end(a.body);
      };
      const a = this.behaviour(r);
      if ('hold' in a) this.held.push(() => finish(ACK_JSON as { status: number; body: string }));
      else if (a.delayMs) setTimeout(() => finish(a), a.delayMs);
      else finish(a);
    });
    // A sender that gave up (timeout) closes the socket: the request is no longer in flight.
    res.on('close', () => {
      if (!res.writableFinished) {
        const key = this.keyOf({ method: '', url: '', headers: req.headers, body: '' });
        this.inFlight.set(key, Math.max(0, (this.inFlight.get(key) ?? 1) - 1));
      }
    });
  }

  async close(): Promise<void> {
    await this.down();
  }
}

import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Clock } from '../../../shared/clock.ts';
import { OwnedTimers } from '../../../shared/owned-timers.ts';
import { ConnectionPool, type PoolLimits } from './connection-pool.ts';
import { endpointOf, normalizeAddress } from './ip-address.ts';
import type { FramerLimits } from './stream-framer.ts';
import { TcpConnection, type TcpConnectionHandlers } from './tcp-connection.ts';
import {
  errorKindOf,
  TransportError,
  type ConnectionClosedEvent,
  type Endpoint,
  type InboundMessage,
  type TransportErrorEvent,
} from './transport-events.ts';

export interface TcpOptions extends FramerLimits, PoolLimits {
  connectTimeoutMs: number;
  /** Unsent bytes a connection may queue before send() rejects with 'congested'. */
  maxWriteBufferBytes: number;
}

export interface TcpHandlers {
  message(message: InboundMessage): void;
  error(event: TransportErrorEvent): void;
  connectionClosed(event: ConnectionClosedEvent): void;
}

/**
 * The TCP listener and the connections it shares with outgoing traffic (RFC 3261 §18.3):
 * a send to a remote reuses any open connection to it, inbound or outbound, and only connects
 * when there is none; concurrent sends to one remote share one connect.
 */
export class TcpTransport {
  private readonly pool: ConnectionPool;
  private readonly connecting = new Map<string, Promise<TcpConnection>>();
  private readonly timers: OwnedTimers;
  private readonly handlers: TcpConnectionHandlers;
  /** Connects in progress: close() settles each one. */
  private readonly aborts = new Set<() => void>();
  private nextId = 1;
  private closed = false;

  private constructor(
    private readonly server: Server,
    readonly local: Endpoint,
    private readonly clock: Clock,
    private readonly options: TcpOptions,
    events: TcpHandlers,
  ) {
    this.timers = new OwnedTimers(clock);
    this.pool = new ConnectionPool(clock, options, (conn) => conn.close('idle'));
    this.handlers = {
      message: (conn, bytes) => events.message({ bytes, transport: 'tcp', source: conn.remote, local: conn.local, connectionId: conn.id }),
      malformed: (conn, e) =>
        events.error({
          kind: 'malformed-frame',
          transport: 'tcp',
          message: `${e.reason}: ${e.detail}`,
          connectionId: conn.id,
          remote: conn.remote,
        }),
      socketError: (conn, err) =>
        events.error({
          kind: errorKindOf(err.code),
          transport: 'tcp',
          message: err.message,
          code: err.code,
          connectionId: conn.id,
          remote: conn.remote,
        }),
      closed: (conn, reason) => {
        this.pool.remove(conn);
        events.connectionClosed({ connectionId: conn.id, remote: conn.remote, reason });
      },
    };
    server.on('connection', (socket) => this.accept(socket, events));
    server.on('error', (err: NodeJS.ErrnoException) =>
      events.error({ kind: errorKindOf(err.code), transport: 'tcp', message: err.message, code: err.code }),
    );
  }

  static listen(address: string, port: number, clock: Clock, options: TcpOptions, events: TcpHandlers): Promise<TcpTransport> {
    const server = createServer({ noDelay: true });
    return new Promise((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        server.close();
        reject(new TransportError('socket-error', `TCP listen ${address}:${port} failed: ${err.message}`, err.code));
      });
      server.listen({ host: address, port }, () => {
        server.removeAllListeners('error');
        const bound = server.address();
        const local = typeof bound === 'object' && bound ? endpointOf(bound.address, bound.port) : endpointOf(address, port);
        resolve(new TcpTransport(server, local, clock, options, events));
      });
    });
  }

  get connectionCount(): number {
    return this.pool.size;
  }

  /** Clock timers held (idle and connect timers): zero after close(). */
  get pendingTimers(): number {
    return this.pool.pendingTimers + this.timers.size;
  }

  async send(address: string, port: number, bytes: Uint8Array, connectionId?: string): Promise<void> {
    if (this.closed) throw new TransportError('closed', 'TCP transport is closed');
    // RFC 3261 §18.2.2: answer on the connection the request came on while it is open.
    const conn =
      (connectionId ? this.pool.get(connectionId) : undefined) ??
      this.pool.toRemote(address, port) ??
      (await this.connectTo(address, port));
    await conn.send(bytes);
  }

  private connectTo(address: string, port: number): Promise<TcpConnection> {
    const key = `${normalizeAddress(address)}|${port}`;
    let pending = this.connecting.get(key);
    if (!pending) {
      pending = this.open(normalizeAddress(address), port).finally(() => this.connecting.delete(key));
      this.connecting.set(key, pending);
    }
    return pending;
  }

  private open(address: string, port: number): Promise<TcpConnection> {
    if (this.pool.size + this.connecting.size >= this.options.maxConnections)
      return Promise.reject(new TransportError('too-many-connections', `already ${this.pool.size} TCP connections`));
    return new Promise((resolve, reject) => {
      const socket = connect({ host: address, port, noDelay: true });
      let settled = false;
      const settle = (err: TransportError | undefined) => {
        if (settled) return;
        settled = true;
        this.timers.cancel(timer);
        this.aborts.delete(abort);
        if (!err) return resolve(this.adopt(socket, 'outbound'));
        socket.destroy();
        reject(err);
      };
      const abort = () => settle(new TransportError('closed', `TCP transport closed while connecting to ${address}:${port}`));
      this.aborts.add(abort);
      const timer = this.timers.after(this.options.connectTimeoutMs, () =>
        settle(new TransportError('connect-timeout', `connect to ${address}:${port} timed out`)),
      );
      // `on`, not `once`: a second error on a socket being given up must not go unhandled.
      socket.on('error', (err: NodeJS.ErrnoException) =>
        settle(new TransportError(errorKindOf(err.code), `connect to ${address}:${port} failed: ${err.message}`, err.code)),
      );
      socket.once('connect', () => {
        socket.removeAllListeners('error');
        settle(undefined);
      });
    });
  }

  private accept(socket: Socket, events: TcpHandlers): void {
    socket.on('error', () => {}); // until TcpConnection takes the socket: a reset must not crash us
    if (this.closed || this.pool.full) {
      if (!this.closed)
        events.error({
          kind: 'too-many-connections',
          transport: 'tcp',
          message: `refused a connection: ${this.pool.size} already open`,
          remote: endpointOf(socket.remoteAddress, socket.remotePort),
        });
      socket.destroy();
      return;
    }
    if (socket.remoteAddress === undefined) return void socket.destroy(); // already gone
    this.adopt(socket, 'inbound');
  }

  private adopt(socket: Socket, direction: 'inbound' | 'outbound'): TcpConnection {
    const conn = new TcpConnection(`tcp-${this.nextId++}`, direction, socket, this.options, () => this.clock.now(), this.handlers);
    this.pool.add(conn);
    return conn;
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.timers.cancelAll();
    for (const abort of [...this.aborts]) abort();
    for (const conn of this.pool.all()) conn.close('shutdown');
    this.pool.clear();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

import type { Clock, TimerHandle } from '../../../shared/clock.ts';
import { OwnedTimers } from '../../../shared/owned-timers.ts';
import { normalizeAddress } from './ip-address.ts';
import type { TcpConnection } from './tcp-connection.ts';

export interface PoolLimits {
  /** A connection that carried nothing for this long is closed. */
  idleTimeoutMs: number;
  maxConnections: number;
}

function remoteKey(address: string, port: number): string {
  return `${normalizeAddress(address)}|${port}`;
}

/**
 * The open TCP connections, by id and by remote address:port, so a request or response to a
 * peer reuses whatever connection it already has with us, inbound or outbound (RFC 3261 §18.3,
 * RFC 5923). Idle timers run on the injected clock; one timer per connection, re-armed for
 * the remainder when it fires early, so traffic never reschedules timers.
 */
export class ConnectionPool {
  private readonly byId = new Map<string, TcpConnection>();
  private readonly byRemote = new Map<string, TcpConnection>();
  private readonly idle = new Map<string, TimerHandle>();
  private readonly timers: OwnedTimers;

  constructor(
    private readonly clock: Clock,
    private readonly limits: PoolLimits,
    private readonly onIdle: (conn: TcpConnection) => void,
  ) {
    this.timers = new OwnedTimers(clock);
  }

  get size(): number {
    return this.byId.size;
  }

  get full(): boolean {
    return this.byId.size >= this.limits.maxConnections;
  }

  /** Timers the pool holds (one per connection): lets tests prove close() released them. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  add(conn: TcpConnection): void {
    this.byId.set(conn.id, conn);
    // The newest connection to a remote wins: it is the one most likely still open.
    this.byRemote.set(remoteKey(conn.remote.address, conn.remote.port), conn);
    this.arm(conn, this.limits.idleTimeoutMs);
  }

  remove(conn: TcpConnection): void {
    if (this.byId.get(conn.id) !== conn) return;
    this.byId.delete(conn.id);
    const key = remoteKey(conn.remote.address, conn.remote.port);
    if (this.byRemote.get(key) === conn) {
      this.byRemote.delete(key);
      // Another open connection to the same remote takes its place.
      for (const other of this.byId.values()) if (remoteKey(other.remote.address, other.remote.port) === key) this.byRemote.set(key, other);
    }
    this.timers.cancel(this.idle.get(conn.id));
    this.idle.delete(conn.id);
  }

  get(id: string): TcpConnection | undefined {
    const conn = this.byId.get(id);
    return conn?.open ? conn : undefined;
  }

  toRemote(address: string, port: number): TcpConnection | undefined {
    const conn = this.byRemote.get(remoteKey(address, port));
    return conn?.open ? conn : undefined;
  }

  all(): TcpConnection[] {
    return [...this.byId.values()];
  }

  /** Cancels every idle timer; the owner closes the connections. */
  clear(): void {
    this.timers.cancelAll();
    this.idle.clear();
    this.byId.clear();
    this.byRemote.clear();
  }

  private arm(conn: TcpConnection, delayMs: number): void {
    const handle = this.timers.after(delayMs, () => {
      this.idle.delete(conn.id);
      if (!this.byId.has(conn.id)) return;
      const quietFor = this.clock.now() - conn.lastActivity;
      if (quietFor >= this.limits.idleTimeoutMs) this.onIdle(conn);
      else this.arm(conn, this.limits.idleTimeoutMs - quietFor);
    });
    this.idle.set(conn.id, handle);
  }
}

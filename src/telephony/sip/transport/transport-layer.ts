import { isIP } from 'node:net';
import type { Clock } from '../../../shared/clock.ts';
import { normalizeAddress } from './ip-address.ts';
import { DEFAULT_FRAMER_LIMITS } from './stream-framer.ts';
import { TcpTransport, type TcpOptions } from './tcp-transport.ts';
import { TransportError, type Endpoint, type SendTarget, type TransportLayerEvents } from './transport-events.ts';
import { TypedEmitter } from '../../../shared/typed-emitter.ts';
import { UdpTransport } from './udp-transport.ts';

export interface TransportLayerOptions {
  /** A literal IP to bind both listeners on ("127.0.0.1", "::1", "0.0.0.0", "::"). */
  address: string;
  /** 0 picks a port free for both UDP and TCP; read it back from `port`. */
  port: number;
  clock: Clock;
  tcp?: Partial<TcpOptions>;
}

export const DEFAULT_TCP_OPTIONS: TcpOptions = {
  ...DEFAULT_FRAMER_LIMITS,
  idleTimeoutMs: 5 * 60_000,
  maxConnections: 1024,
  connectTimeoutMs: 10_000,
  maxWriteBufferBytes: 1024 * 1024,
};

/** Tries to find a port free for both protocols when asked for port 0. */
const PORT_ATTEMPTS = 8;

/**
 * The SIP transport layer (RFC 3261 §18): a UDP and a TCP listener on one address and port,
 * and the TCP connections shared by both directions. It moves message bytes only; framing on
 * streams is the one thing it reads. Nothing a peer sends can throw out of it: failures are
 * 'error' events or send() rejections (a TransportError).
 */
export class TransportLayer extends TypedEmitter<TransportLayerEvents> {
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly udp: UdpTransport,
    private readonly tcp: TcpTransport,
  ) {
    super();
  }

  static async listen(options: TransportLayerOptions): Promise<TransportLayer> {
    const address = normalizeAddress(options.address);
    if (isIP(address) === 0) throw new TransportError('bad-target', `listen address ${options.address} is not an IP literal`);
    const tcpOptions = { ...DEFAULT_TCP_OPTIONS, ...options.tcp };
    // Listeners exist before the layer does, so events are relayed through this late-bound hook.
    let layer: TransportLayer | undefined;
    const relay = {
      message: (m: TransportLayerEvents['message'][0]) => layer?.emit('message', m),
      error: (e: TransportLayerEvents['error'][0]) => layer?.emit('error', e),
      connectionClosed: (e: TransportLayerEvents['connectionClosed'][0]) => layer?.emit('connectionClosed', e),
    };
    for (let attempt = 1; ; attempt++) {
      const udp = await UdpTransport.bind(address, options.port, relay);
      try {
        const tcp = await TcpTransport.listen(address, udp.local.port, options.clock, tcpOptions, relay);
        layer = new TransportLayer(udp, tcp);
        return layer;
      } catch (err) {
        await udp.close();
        const inUse = err instanceof TransportError && err.code === 'EADDRINUSE';
        if (!(inUse && options.port === 0 && attempt < PORT_ATTEMPTS)) throw err;
      }
    }
  }

  /** The bound port, the same for UDP and TCP. */
  get port(): number {
    return this.udp.local.port;
  }

  get local(): Endpoint {
    return this.udp.local;
  }

  get tcpConnectionCount(): number {
    return this.tcp.connectionCount;
  }

  /** Clock timers still held: zero once closed. */
  get pendingTimers(): number {
    return this.tcp.pendingTimers;
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  /** Sends one message. UDP goes out of the listening socket; TCP reuses a connection when it can. */
  send(target: SendTarget, bytes: Uint8Array): Promise<void> {
    if (this.closing) return Promise.reject(new TransportError('closed', 'transport layer is closed'));
    const address = normalizeAddress(target.address);
    if (isIP(address) === 0 || !Number.isInteger(target.port) || target.port < 1 || target.port > 65535)
      return Promise.reject(new TransportError('bad-target', `not an IP address and port: ${target.address}:${target.port}`));
    if (target.transport === 'udp') return this.udp.send(address, target.port, bytes);
    return this.tcp.send(address, target.port, bytes, target.connectionId);
  }

  /** Closes both listeners, every connection and timer; emits 'close' once. Safe to call again. */
  close(): Promise<void> {
    if (!this.closing) {
      this.closing = Promise.all([this.udp.close(), this.tcp.close()]).then(() => {
        this.emit('close');
        this.removeAllListeners();
      });
    }
    return this.closing;
  }
}

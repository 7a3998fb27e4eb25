import { createSocket, type Socket } from 'node:dgram';
import { isIPv4 } from 'node:net';
import { endpointOf, familyOf } from './ip-address.ts';
import { errorKindOf, TransportError, type Endpoint, type InboundMessage, type TransportErrorEvent } from './transport-events.ts';

export interface UdpHandlers {
  message(message: InboundMessage): void;
  error(event: TransportErrorEvent): void;
}

/**
 * The UDP listener. Requests and responses are both sent from this one socket, so the source
 * port of what we send is the port we listen on: symmetric response routing (RFC 3581) and NAT
 * bindings keep working (RFC 3261 §18.2.2 sends responses from the address the request came to).
 */
export class UdpTransport {
  private closed = false;

  private constructor(
    private readonly socket: Socket,
    readonly local: Endpoint,
  ) {}

  static bind(address: string, port: number, handlers: UdpHandlers): Promise<UdpTransport> {
    const socket = createSocket({ type: familyOf(address) === 'IPv6' ? 'udp6' : 'udp4' });
    return new Promise((resolve, reject) => {
      const onBindError = (err: NodeJS.ErrnoException) => {
        socket.close();
        reject(new TransportError('socket-error', `UDP bind ${address}:${port} failed: ${err.message}`, err.code));
      };
      socket.once('error', onBindError);
      socket.bind(port, address, () => {
        socket.off('error', onBindError);
        const bound = socket.address();
        const local = endpointOf(bound.address, bound.port);
        socket.on('message', (bytes, rinfo) =>
          handlers.message({ bytes, transport: 'udp', source: endpointOf(rinfo.address, rinfo.port), local }),
        );
        socket.on('error', (err: NodeJS.ErrnoException) =>
          handlers.error({ kind: errorKindOf(err.code), transport: 'udp', message: err.message, code: err.code }),
        );
        resolve(new UdpTransport(socket, local));
      });
    });
  }

  send(address: string, port: number, bytes: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new TransportError('closed', 'UDP transport is closed'));
    // A dual-stack IPv6 socket reaches IPv4 peers through their mapped address.
    const to = this.local.family === 'IPv6' && isIPv4(address) ? `::ffff:${address}` : address;
    return new Promise((resolve, reject) => {
      const fail = (err: NodeJS.ErrnoException) =>
        reject(new TransportError('send-failed', `UDP send to ${address}:${port} failed: ${err.message}`, err.code));
      try {
        this.socket.send(bytes, port, to, (err) => (err ? fail(err) : resolve()));
      } catch (err) {
        fail(err as NodeJS.ErrnoException); // bad port or address: node throws before sending
      }
    });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

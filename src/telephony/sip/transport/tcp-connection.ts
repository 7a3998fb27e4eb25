import type { Socket } from 'node:net';
import { endpointOf } from './ip-address.ts';
import { StreamFramer, type FrameError, type FramerLimits } from './stream-framer.ts';
import { errorKindOf, TransportError, type ConnectionCloseReason, type Endpoint } from './transport-events.ts';

export interface TcpConnectionHandlers {
  message(conn: TcpConnection, bytes: Buffer): void;
  malformed(conn: TcpConnection, error: FrameError): void;
  socketError(conn: TcpConnection, error: NodeJS.ErrnoException): void;
  /** Called once, whatever ended it. */
  closed(conn: TcpConnection, reason: ConnectionCloseReason): void;
}

const PONG = Buffer.from('\r\n');

/**
 * One TCP connection carrying SIP (RFC 3261 §18.3): frames its bytes, answers keep-alive pings,
 * and is closed exactly once, by the peer, an error, a malformed frame, idleness or shutdown.
 */
export class TcpConnection {
  readonly remote: Endpoint;
  readonly local: Endpoint;
  /** When it last carried a message or ping, in either direction (for the idle timer). */
  lastActivity: number;
  private readonly framer: StreamFramer;
  private closeReason: ConnectionCloseReason | undefined;
  private readonly maxWriteBufferBytes: number;

  constructor(
    readonly id: string,
    readonly direction: 'inbound' | 'outbound',
    private readonly socket: Socket,
    limits: FramerLimits & { maxWriteBufferBytes: number },
    private readonly now: () => number,
    private readonly handlers: TcpConnectionHandlers,
  ) {
    this.remote = endpointOf(socket.remoteAddress, socket.remotePort);
    this.local = endpointOf(socket.localAddress, socket.localPort);
    this.lastActivity = now();
    this.maxWriteBufferBytes = limits.maxWriteBufferBytes;
    this.framer = new StreamFramer(
      {
        message: (bytes) => {
          if (!this.open) return; // closed by a listener while the rest of one read was being framed
          this.lastActivity = this.now();
          this.handlers.message(this, bytes);
        },
        // RFC 5626 §3.5.1: a double-CRLF ping is answered with one CRLF.
        ping: () => {
          this.lastActivity = this.now();
          if (this.open) this.socket.write(PONG);
        },
        error: (error) => {
          this.handlers.malformed(this, error);
          this.close('malformed-frame');
        },
      },
      limits,
    );
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.framer.push(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (this.closeReason) return;
      this.handlers.socketError(this, err);
      this.close('error');
    });
    socket.on('close', () => this.close('remote'));
    // A half-closed peer sends no more: close our side too rather than hold a dead socket.
    socket.on('end', () => this.close('remote'));
  }

  get open(): boolean {
    return this.closeReason === undefined;
  }

  send(bytes: Uint8Array): Promise<void> {
    if (!this.open) return Promise.reject(new TransportError('closed', `connection ${this.id} is closed`));
    // A peer that stops reading must not make us buffer without bound.
    if (this.socket.writableLength > this.maxWriteBufferBytes)
      return Promise.reject(new TransportError('congested', `connection ${this.id} has ${this.socket.writableLength} bytes unsent`));
    this.lastActivity = this.now();
    return new Promise((resolve, reject) => {
      this.socket.write(bytes, (err) => {
        if (!err) return resolve();
        const code = (err as NodeJS.ErrnoException).code;
        reject(new TransportError(errorKindOf(code), `send on ${this.id} failed: ${err.message}`, code));
      });
    });
  }

  close(reason: ConnectionCloseReason): void {
    if (this.closeReason) return;
    this.closeReason = reason;
    this.socket.destroy();
    this.handlers.closed(this, reason);
  }
}

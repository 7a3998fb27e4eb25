/** The values the transport layer hands to the transaction layer (RFC 3261 §18). */
export type TransportProtocol = 'udp' | 'tcp';

export type AddressFamily = 'IPv4' | 'IPv6';

export interface Endpoint {
  /** A literal IP address, without brackets; IPv4-mapped IPv6 addresses are reported as IPv4. */
  address: string;
  port: number;
  family: AddressFamily;
}

/** One SIP message's bytes as they arrived; nothing is parsed beyond the stream framing. */
export interface InboundMessage {
  bytes: Buffer;
  transport: TransportProtocol;
  source: Endpoint;
  local: Endpoint;
  /** The TCP connection it came on: pass it back in a SendTarget to answer on the same one (RFC 3261 §18.2.2). */
  connectionId?: string;
}

export interface SendTarget {
  transport: TransportProtocol;
  /** A literal IP address (names are resolved above this layer, RFC 3263). */
  address: string;
  port: number;
  /** Prefer this open TCP connection; when it has gone, a connection to address:port is used or opened. */
  connectionId?: string;
}

/** What went wrong. The transaction layer maps every kind to "transport error" (RFC 3261 §17.1.1.2, §17.1.2.2). */
export type TransportErrorKind =
  | 'malformed-frame'
  | 'connection-refused'
  | 'connection-reset'
  | 'connect-timeout'
  | 'too-many-connections'
  | 'congested'
  | 'bad-target'
  | 'send-failed'
  | 'socket-error'
  | 'closed';

/** An error not tied to one send() (a reset inbound connection, a malformed frame, a socket error). */
export interface TransportErrorEvent {
  kind: TransportErrorKind;
  transport: TransportProtocol;
  message: string;
  /** The OS error code when there is one (ECONNRESET, ...). */
  code?: string;
  connectionId?: string;
  remote?: Endpoint;
}

export type ConnectionCloseReason = 'idle' | 'remote' | 'error' | 'malformed-frame' | 'shutdown';

export interface ConnectionClosedEvent {
  connectionId: string;
  remote: Endpoint;
  reason: ConnectionCloseReason;
}

export type TransportLayerEvents = {
  message: [InboundMessage];
  error: [TransportErrorEvent];
  connectionClosed: [ConnectionClosedEvent];
  close: [];
};

/** The rejection of send() and listen(). */
export class TransportError extends Error {
  override readonly name = 'TransportError';

  constructor(
    readonly kind: TransportErrorKind,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Maps an OS socket error code to the kind the transaction layer sees. */
export function errorKindOf(code: string | undefined): TransportErrorKind {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection-refused';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'connection-reset';
    case 'ETIMEDOUT':
      return 'connect-timeout';
    default:
      return 'socket-error';
  }
}

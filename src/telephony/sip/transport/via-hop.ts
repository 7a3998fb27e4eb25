/**
 * The parts of one Via header field value the transport layer reads (RFC 3261 §20.42, §18.2).
 * The message layer maps its parsed Via onto this, so the transport depends on no parser.
 */
export interface ViaHop {
  /** The sent-protocol's transport: "UDP", "TCP", "TLS", "SCTP", ... (case-insensitive). */
  transport: string;
  /** sent-by host: a name, an IPv4 address or an IPv6 reference (brackets allowed). */
  host: string;
  /** sent-by port, when present. */
  port?: number;
  received?: string;
  /** `rport` with a value, or `true` for a bare `rport` the client sent (RFC 3581 §3). */
  rport?: number | true;
  maddr?: string;
}

/** The default port of a transport when sent-by has none (RFC 3261 §18.2.2). */
export function defaultPort(transport: string): number {
  return transport.toLowerCase() === 'tls' ? 5061 : 5060;
}

/** Transports with congestion control and reliable delivery (RFC 3261 §18.2.2 treats them alike). */
export function isReliable(transport: string): boolean {
  const t = transport.toLowerCase();
  return t === 'tcp' || t === 'tls' || t === 'sctp' || t === 'tls-sctp' || t === 'ws' || t === 'wss';
}

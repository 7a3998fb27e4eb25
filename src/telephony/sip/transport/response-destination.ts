import { isIP } from 'node:net';
import { normalizeAddress } from './ip-address.ts';
import type { SendTarget } from './transport-events.ts';
import { defaultPort, isReliable, type ViaHop } from './via-hop.ts';

/** Where the request whose top Via is being answered came from. */
export interface RequestArrival {
  address: string;
  port: number;
  /** The TCP connection it arrived on. */
  connectionId?: string;
}

export interface ResponseDestination {
  /** Lower-case transport from the Via ("udp", "tcp", ...). */
  transport: string;
  /** An IP literal, or a host name that must be resolved per RFC 3263 §5. */
  host: string;
  port: number;
  /** Reliable transports: send on this connection while it is open; host:port is the fallback. */
  connectionId?: string;
}

/**
 * Where a server transport sends a response (RFC 3261 §18.2.2, with RFC 3581 §4 rport).
 * `via` is the top Via of the response, which carries the `received`/`rport` the server added.
 */
export function responseDestination(via: ViaHop, arrival: RequestArrival): ResponseDestination {
  const transport = via.transport.toLowerCase();
  const sentByPort = via.port ?? defaultPort(transport);
  if (isReliable(transport)) {
    // §18.2.2: use the connection the request came on; if it closed, connect to received
    // (else sent-by) at the sent-by port. rport does not apply to streams (RFC 3581 §4).
    const fallback = { transport, host: via.received ?? via.host, port: sentByPort };
    return arrival.connectionId === undefined ? fallback : { ...fallback, connectionId: arrival.connectionId };
  }
  // §18.2.2: maddr sends to that (multicast) address, at the sent-by port.
  if (via.maddr !== undefined) return { transport, host: via.maddr, port: sentByPort };
  if (via.received !== undefined) {
    // RFC 3581 §4: received plus an rport value means the packet's source address and port.
    const port = typeof via.rport === 'number' ? via.rport : sentByPort;
    return { transport, host: via.received, port };
  }
  // A bare rport the server failed to fill still means "answer the source" (RFC 3581 §4).
  if (via.rport === true) return { transport, host: arrival.address, port: arrival.port };
  if (typeof via.rport === 'number') return { transport, host: via.host, port: via.rport };
  return { transport, host: via.host, port: sentByPort };
}

/**
 * The SendTarget for a destination this layer can reach directly, or undefined when the host is
 * a name (resolve it per RFC 3263 §5 first) or the transport is one we do not run (TLS, SCTP).
 */
export function sendTargetOf(d: ResponseDestination): SendTarget | undefined {
  if (d.transport !== 'udp' && d.transport !== 'tcp') return undefined;
  const address = normalizeAddress(d.host);
  if (isIP(address) === 0) return undefined;
  const target: SendTarget = { transport: d.transport, address, port: d.port };
  if (d.connectionId !== undefined) target.connectionId = d.connectionId;
  return target;
}

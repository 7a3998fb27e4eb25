import { isIP } from 'node:net';
import { normalizeAddress, sameAddress } from './ip-address.ts';
import type { ViaHop } from './via-hop.ts';

/** The Via parameters a server transport sets on the top Via of an inbound request. */
export interface ReceivedParams {
  /** The packet's source IP (no brackets: the via-received grammar of RFC 3261 §25.1). */
  received?: string;
  /** The packet's source port, filling a bare `rport` (RFC 3581 §4). */
  rport?: number;
}

/**
 * RFC 3261 §18.2.1: add `received` when sent-by is a name or an IP other than the source.
 * RFC 3581 §4: a bare `rport` gets the source port, and then `received` is always added,
 * even when it equals sent-by.
 */
export function receivedParams(via: Pick<ViaHop, 'host' | 'rport'>, source: { address: string; port: number }): ReceivedParams {
  const address = normalizeAddress(source.address);
  const host = normalizeAddress(via.host);
  const out: ReceivedParams = {};
  const differs = isIP(host) === 0 || !sameAddress(host, address);
  if (via.rport === true) {
    out.received = address;
    out.rport = source.port;
  } else if (differs) {
    out.received = address;
  }
  return out;
}

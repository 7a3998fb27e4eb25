// What a server transport writes on an inbound request's top Via (RFC 3261 §18.2.1, RFC 3581 §4).
import { formatVia, getTopVia, headerKey, viaRport, type SipMessage, type Via } from '../message/index.ts';
import { receivedParams } from '../transport/received-params.ts';
import type { ViaHop } from '../transport/via-hop.ts';

const VIA_KEY = headerKey('Via');

/** The transport layer's view of a parsed Via. */
export function viaHopOf(via: Via): ViaHop {
  const hop: ViaHop = { transport: via.transport, host: via.host };
  if (via.port !== undefined) hop.port = via.port;
  const received = via.params.get('received');
  if (typeof received === 'string') hop.received = received;
  const rport = viaRport(via);
  if (rport !== undefined) hop.rport = rport;
  const maddr = via.params.get('maddr');
  if (typeof maddr === 'string') hop.maddr = maddr;
  return hop;
}

/** Adds `received` (and fills a bare `rport`) on the top Via in place (of a request, or of the 400 answering an unparsed one); false when no Via reads. */
export function stampReceived(request: SipMessage, source: { address: string; port: number }): boolean {
  const via = getTopVia(request);
  if (via === undefined) return false;
  const add = receivedParams(viaHopOf(via), source);
  if (add.received === undefined && add.rport === undefined) return true;
  if (add.received !== undefined) via.params.set('received', add.received);
  if (add.rport !== undefined) via.params.set('rport', String(add.rport));
  const i = request.headers.keys.indexOf(VIA_KEY);
  request.headers.values[i] = formatVia(via);
  return true;
}

// Joins the transport layer to the transaction layer's TransactionTransport port (RFC 3261 §18.1, §18.2.2).
import { formatVia, getTopVia, headerKey, isResponse, serializeSipMessage, type SipMessage, type SipRequest } from '../message/index.ts';
import type { TransactionTransport, TransportDestination } from '../transaction/index.ts';
import { responseDestination, sendTargetOf } from '../transport/response-destination.ts';
import { mustUseStreamTransport } from '../transport/stream-transport-policy.ts';
import { TransportError, type SendTarget } from '../transport/transport-events.ts';
import type { TransportLayer } from '../transport/transport-layer.ts';
import { viaHopOf } from './inbound-via.ts';
import type { OutboundTap } from './message-tap.ts';

/** Where an inbound request came from; the UA core passes it to the transaction layer so responses can use its connection. */
export interface ArrivalDestination extends TransportDestination {
  /** The TCP connection the request arrived on (§18.2.2: answer on it while it is open). */
  readonly connectionId?: string;
}

export interface AdapterOptions {
  /** Path MTU for the §18.1.1 size rule; unknown (1300-byte rule) when omitted. */
  mtu?: number;
}

const VIA_KEY = headerKey('Via');

export class TransactionTransportAdapter implements TransactionTransport {
  /** Told of every message sent, with its bytes and where they go; set by the UA core only while someone watches. */
  tap: OutboundTap | undefined;

  constructor(
    private readonly layer: TransportLayer,
    private readonly options: AdapterOptions = {},
  ) {}

  isReliable(destination: TransportDestination): boolean {
    return destination.transport.toUpperCase() !== 'UDP';
  }

  /**
   * §18.1.1: a request larger than the UDP rule allows goes over TCP, with its top Via saying so. Call before
   * starting the client transaction, so the transaction's reliability (retransmissions) matches the wire.
   */
  prepareRequest(request: SipRequest, destination: TransportDestination): { request: SipRequest; destination: TransportDestination } {
    if (destination.transport.toUpperCase() !== 'UDP') return { request, destination };
    if (!mustUseStreamTransport(serializeSipMessage(request), this.options.mtu)) return { request, destination };
    const via = getTopVia(request);
    if (via === undefined) return { request, destination };
    via.transport = 'TCP';
    const headers = request.headers.clone();
    headers.values[headers.keys.indexOf(VIA_KEY)] = formatVia(via);
    return { request: { ...request, headers }, destination: { ...destination, transport: 'TCP' } };
  }

  send(message: SipMessage, destination: TransportDestination): Promise<void> {
    const target = isResponse(message) ? this.responseTarget(message, destination) : requestTarget(destination);
    if (target === undefined)
      return Promise.reject(new TransportError('bad-target', `cannot route to ${destination.host}:${destination.port}`));
    const bytes = serializeSipMessage(message);
    this.tap?.(message, target.transport, target.address, target.port, bytes);
    return this.layer.send(target, bytes);
  }

  /** §18.2.2 from the response's top Via (carrying the received/rport stamped on arrival) and the arrival itself. */
  private responseTarget(message: SipMessage, arrival: ArrivalDestination): SendTarget | undefined {
    const via = getTopVia(message);
    const connectionId = arrival.connectionId;
    // A request that came over TCP is answered on its connection whatever its Via says (a misconfigured peer).
    if (arrival.transport.toUpperCase() === 'TCP' && (via === undefined || via.transport !== 'TCP')) {
      const t: SendTarget = { transport: 'tcp', address: arrival.host, port: arrival.port };
      if (connectionId !== undefined) t.connectionId = connectionId;
      return t;
    }
    if (via === undefined) return undefined;
    const at = { address: arrival.host, port: arrival.port, ...(connectionId === undefined ? {} : { connectionId }) };
    return sendTargetOf(responseDestination(viaHopOf(via), at));
  }
}

function requestTarget(d: TransportDestination): SendTarget | undefined {
  const t = d.transport.toLowerCase();
  return t === 'udp' || t === 'tcp' ? { transport: t, address: d.host, port: d.port } : undefined;
}

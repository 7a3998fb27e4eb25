import type { Clock } from '../../../shared/clock.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import type { TimerConfig } from './timers.ts';
import type { TransactionTransport, TransportDestination } from './transaction-transport.ts';

/** What every transaction is built from. The request is never mutated. */
export interface TransactionOptions {
  request: SipRequest;
  /** A client sends its request here; a server sends its responses here (the request's source). */
  destination: TransportDestination;
  transport: TransactionTransport;
  clock: Clock;
  timers?: Partial<TimerConfig>;
}

/** Events of a client transaction to its TU. */
export type ClientTransactionEvents = {
  /** Every response the TU must see: provisionals, the first final, and (INVITE, RFC 6026) every 2xx. */
  response: [response: SipResponse];
  /** Timer B or F fired: the TU treats it as a 408 (§8.1.3.1). */
  timeout: [];
  transportError: [error: Error];
  /** Emitted once, last, whatever the path (including close()). */
  terminated: [];
};

/** Events of a server transaction to its TU (the request itself reaches the TU through the layer). */
export type ServerTransactionEvents = {
  /** Timer H fired without an ACK (§17.2.1). */
  timeout: [];
  transportError: [error: Error];
  terminated: [];
};

export function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

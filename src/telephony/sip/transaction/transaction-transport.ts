import type { SipMessage } from '../message/index.ts';

/** Where a message goes or came from. The transport layer (another branch) maps its own addresses onto this. */
export interface TransportDestination {
  /** Upper-case Via transport token: UDP, TCP, TLS, SCTP, WS, WSS. */
  readonly transport: string;
  readonly host: string;
  readonly port: number;
}

/** What the transaction layer needs from the transport layer (RFC 3261 §18). */
export interface TransactionTransport {
  /** Resolves once handed to the network; rejects on a fatal transport error (ICMP, refused connection). */
  send(message: SipMessage, destination: TransportDestination): Promise<void>;
  /** Reliable transports get no retransmissions and zero wait timers (§17.1.1.2, §17.2.1). */
  isReliable(destination: TransportDestination): boolean;
}

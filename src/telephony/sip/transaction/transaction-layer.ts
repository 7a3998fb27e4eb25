// The transaction layer: owns live transactions and routes messages to them (RFC 3261 §17.1.3, §17.2.3).
import type { Clock } from '../../../shared/clock.ts';
import { getToTag, isResponse, type SipMessage, type SipRequest, type SipResponse } from '../message/index.ts';
import { InviteClientTransaction } from './invite-client.ts';
import { InviteServerTransaction } from './invite-server.ts';
import { NonInviteClientTransaction } from './non-invite-client.ts';
import { NonInviteServerTransaction } from './non-invite-server.ts';
import type { TimerConfig } from './timers.ts';
import { clientKeyOfRequest, clientKeyOfResponse, serverKey, type ServerKey } from './transaction-key.ts';
import type { TransactionTransport, TransportDestination } from './transaction-transport.ts';

export type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction;
export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction;

/** The layer's TU (the UA core): new requests with their server transaction, and messages no transaction owns. */
export interface TransactionUser {
  /** A new request (never an ACK): its server transaction exists; the TU answers through `transaction.respond`. */
  request(request: SipRequest, transaction: ServerTransaction, source: TransportDestination): void;
  /** A request matching no transaction: an ACK for a 2xx (its own transaction, §17), which the dialog layer matches. */
  strayRequest(request: SipRequest, source: TransportDestination): void;
  /** A response matching no client transaction: a 2xx retransmit after the transaction ended, which the dialog ACKs again (§13.2.2.4). */
  strayResponse(response: SipResponse, source: TransportDestination): void;
}

export interface TransactionLayerOptions {
  clock: Clock;
  transport: TransactionTransport;
  user: TransactionUser;
  timers?: Partial<TimerConfig>;
}

/** What the layer needs of any transaction to own it. */
interface OwnedTransaction {
  close(): void;
  on(name: 'terminated', fn: () => void): unknown;
}

interface LegacyEntry {
  readonly tx: ServerTransaction;
  readonly toTag: string | undefined;
}

export class TransactionLayer {
  private readonly clients = new Map<string, ClientTransaction>();
  private readonly servers = new Map<string, ServerTransaction>();
  private readonly legacy = new Map<string, LegacyEntry[]>();
  private readonly live = new Set<OwnedTransaction>();

  constructor(private readonly o: TransactionLayerOptions) {}

  /** Live transactions: 0 once every one has terminated (the leak check). */
  get size(): number {
    return this.live.size;
  }

  /**
   * Starts a client transaction for `request` (its top Via must carry a unique RFC 3261 branch). Nothing is emitted
   * synchronously, so listeners attached right after this returns see every event. Throws on an ACK (an ACK for a 2xx
   * is sent by the TU directly, §17.1.1.3) or a branch + method already in use: both are TU bugs.
   */
  sendRequest(request: SipRequest, destination: TransportDestination): ClientTransaction {
    if (request.method === 'ACK') throw new TypeError('ACK is not a client transaction (RFC 3261 §17): send it through the transport');
    const key = clientKeyOfRequest(request);
    if (key === undefined) throw new TypeError('request has no top Via branch');
    if (this.clients.has(key)) throw new Error(`a client transaction already uses branch and method ${JSON.stringify(key)}`);
    const opts = { request, destination, transport: this.o.transport, clock: this.o.clock, timers: this.o.timers };
    const tx = request.method === 'INVITE' ? new InviteClientTransaction(opts) : new NonInviteClientTransaction(opts);
    this.clients.set(key, tx);
    this.track(tx, () => this.clients.get(key) === tx && this.clients.delete(key));
    tx.start();
    return tx;
  }

  /** A parsed message from the transport, with where it came from. */
  receive(message: SipMessage, source: TransportDestination): void {
    if (isResponse(message)) this.receiveResponse(message, source);
    else this.receiveRequest(message, source);
  }

  /** The INVITE server transaction a CANCEL targets (§9.2: same key but the method), for the UA to answer 487 on. */
  findInviteServerTransaction(cancel: SipRequest): InviteServerTransaction | undefined {
    const key = serverKey(cancel, 'INVITE');
    const tx = key === undefined ? undefined : this.findServer(key, cancel.method);
    return tx instanceof InviteServerTransaction ? tx : undefined;
  }

  /** Closes every live transaction (shutdown). Idempotent. */
  close(): void {
    for (const tx of [...this.live]) tx.close();
  }

  private receiveResponse(response: SipResponse, source: TransportDestination): void {
    const key = clientKeyOfResponse(response);
    const tx = key === undefined ? undefined : this.clients.get(key);
    if (tx) tx.receive(response);
    else this.o.user.strayResponse(response, source);
  }

  private receiveRequest(request: SipRequest, source: TransportDestination): void {
    const key = serverKey(request);
    const tx = key === undefined ? undefined : this.findServer(key, request.method);
    if (request.method === 'ACK') {
      // §17.2.3: an ACK for a non-2xx belongs to the INVITE transaction; one for a 2xx (RFC 6026 Accepted too) to the TU
      if (!(tx instanceof InviteServerTransaction && tx.receiveAck())) this.o.user.strayRequest(request, source);
      return;
    }
    if (tx) tx.receiveRetransmission();
    else if (key === undefined) this.o.user.strayRequest(request, source);
    else this.o.user.request(request, this.createServer(request, key, source), source);
  }

  private createServer(request: SipRequest, key: ServerKey, source: TransportDestination): ServerTransaction {
    const opts = { request, destination: source, transport: this.o.transport, clock: this.o.clock, timers: this.o.timers };
    const created = request.method === 'INVITE' ? new InviteServerTransaction(opts) : new NonInviteServerTransaction(opts);
    if (key.rfc3261) {
      this.servers.set(key.key, created);
      this.track(created, () => this.servers.get(key.key) === created && this.servers.delete(key.key));
    } else {
      const entry: LegacyEntry = { tx: created, toTag: key.toTag };
      const list = this.legacy.get(key.key) ?? [];
      list.push(entry);
      this.legacy.set(key.key, list);
      this.track(created, () => this.removeLegacy(key.key, entry));
    }
    return created;
  }

  /** `method` is the request's own; the key already folds ACK (and a CANCEL lookup) onto INVITE. */
  private findServer(key: ServerKey, method: string): ServerTransaction | undefined {
    if (key.rfc3261) return this.servers.get(key.key);
    const list = this.legacy.get(key.key);
    if (!list) return undefined;
    for (const e of list) {
      // §17.2.3 (RFC 2543): an ACK's To tag is compared with the tag of the response the transaction sent
      const expected = method === 'ACK' && e.tx instanceof InviteServerTransaction ? responseToTag(e.tx) : e.toTag;
      if (expected === key.toTag) return e.tx;
    }
    return undefined;
  }

  private removeLegacy(key: string, entry: LegacyEntry): void {
    const list = this.legacy.get(key);
    if (!list) return;
    const i = list.indexOf(entry);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.legacy.delete(key);
  }

  private track(tx: OwnedTransaction, unregister: () => void): void {
    this.live.add(tx);
    tx.on('terminated', () => {
      this.live.delete(tx);
      unregister();
    });
  }
}

function responseToTag(tx: InviteServerTransaction): string | undefined {
  const r = tx.finalResponse;
  return r === undefined ? undefined : getToTag(r);
}

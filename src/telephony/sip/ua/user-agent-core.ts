// The SIP UA core (RFC 3261 §8): owns the transport and transaction layers, answers what a UAS answers, and sends as a UAC.
import type { Clock } from '../../../shared/clock.ts';
import { TypedEmitter } from '../../../shared/typed-emitter.ts';
import {
  badRequestFor,
  checkRequest,
  createResponse,
  cryptoRandom,
  isResponse,
  newBranch,
  newTag,
  parseSipMessage,
  serializeSipMessage,
  type RandomSource,
  type SipLimits,
  type SipRequest,
  type SipResponse,
  type Via,
} from '../message/index.ts';
import {
  type InviteServerTransaction,
  TransactionLayer,
  type ClientTransaction,
  type ServerTransaction,
  type TimerConfig,
  type TransportDestination,
} from '../transaction/index.ts';
import type { InboundMessage } from '../transport/transport-events.ts';
import { TransportLayer } from '../transport/transport-layer.ts';
import { ACCEPTED_TYPES, SUPPORTED_TAGS } from './capabilities.ts';
import type { DialogSeam } from './dialog-seam.ts';
import { stampReceived } from './inbound-via.ts';
import { IncomingInvite } from './incoming-invite.ts';
import { MessageTap, type SipMessageObserver } from './message-tap.ts';
import { answerOptions } from './options-uas.ts';
import type { PeerPolicy } from './peer-policy.ts';
import { routeRequest } from './request-router.ts';
import { TransactionTransportAdapter, type ArrivalDestination } from './transaction-transport-adapter.ts';

/** The carrier's hook for a new INVITE: ring, answer or reject through `invite`. With none set, 480 (§21.4.18). */
export type InviteHandler = (invite: IncomingInvite) => void | Promise<void>;

export interface UserAgentCoreOptions {
  /** IP literal to listen on (UDP and TCP, one port). */
  address: string;
  /** 0 picks a free port. */
  port: number;
  clock: Clock;
  /** The host written in Via sent-by and Contact; defaults to `address` (set it when listening on 0.0.0.0). */
  advertisedHost?: string;
  random?: RandomSource;
  timers?: Partial<TimerConfig>;
  limits?: Partial<SipLimits>;
  /** Path MTU for the §18.1.1 UDP size rule. */
  mtu?: number;
  userAgent?: string;
  onInvite?: InviteHandler;
  /** Who may talk to us: consulted for every new request before any handler. Without one, everyone may. */
  peerPolicy?: PeerPolicy;
}

export type UserAgentCoreEvents = {
  /** Something that did not parse; `answered` when a 4xx/5xx went back (§8.2 / RFC 4475). */
  malformed: [info: { reason: string; isRequest: boolean; answered: boolean }];
  /** A handler threw; the request was answered 500 when it still could be. */
  handlerError: [error: unknown];
};

/** Counters for tests and metrics. */
export interface UaStats {
  requests: number;
  responses: number;
  malformed: number;
  dropped: number;
}

export class UserAgentCore extends TypedEmitter<UserAgentCoreEvents> {
  onInvite: InviteHandler | undefined;
  /** The dialog layer, once there is one; without it in-dialog requests get 481 and 2xx ACKs are dropped. */
  dialogs: DialogSeam | undefined;
  readonly stats: UaStats = { requests: 0, responses: 0, malformed: 0, dropped: 0 };
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly transactions: TransactionLayer;
  readonly adapter: TransactionTransportAdapter;
  readonly host: string;
  private readonly invites = new Map<InviteServerTransaction, IncomingInvite>();
  private readonly closers = new Set<{ close(): void }>();
  private closing: Promise<void> | undefined;
  private readonly parseOptions: { limits?: Partial<SipLimits> };
  private readonly tap: MessageTap;

  private constructor(
    readonly transport: TransportLayer,
    private readonly o: UserAgentCoreOptions,
  ) {
    super();
    this.clock = o.clock;
    this.random = o.random ?? cryptoRandom;
    this.host = o.advertisedHost ?? transport.local.address;
    this.onInvite = o.onInvite;
    this.parseOptions = o.limits ? { limits: o.limits } : {};
    this.tap = new MessageTap(o.clock, (e) => this.emit('handlerError', e));
    this.adapter = new TransactionTransportAdapter(transport, o.mtu === undefined ? {} : { mtu: o.mtu });
    const user = {
      request: (r: SipRequest, tx: ServerTransaction, s: TransportDestination) => this.onRequest(r, tx, s),
      strayRequest: (r: SipRequest, s: TransportDestination) => this.onStrayRequest(r, s),
      strayResponse: (r: SipResponse, s: TransportDestination) => this.dialogs?.strayResponse(r, s),
    };
    const timers = o.timers;
    this.transactions = new TransactionLayer({ clock: o.clock, transport: this.adapter, user, ...(timers ? { timers } : {}) });
    transport.on('message', (m) => this.onMessage(m));
  }

  static async start(o: UserAgentCoreOptions): Promise<UserAgentCore> {
    const transport = await TransportLayer.listen({ address: o.address, port: o.port, clock: o.clock });
    return new UserAgentCore(transport, o);
  }

  get port(): number {
    return this.transport.port;
  }

  /** Live transactions (0 when idle: the leak check). */
  get liveTransactions(): number {
    return this.transactions.size;
  }

  /** INVITEs handed to onInvite whose server transaction is still alive. */
  get pendingInvites(): number {
    return this.invites.size;
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  /** A fresh top Via for a request we send (§8.1.1.7), with rport (RFC 3581 §3). */
  newVia(transport: string): Via {
    const params = new Map<string, string | null>([
      ['branch', newBranch(this.random)],
      ['rport', null],
    ]);
    return { protocol: 'SIP', version: '2.0', transport: transport.toUpperCase(), host: this.host, port: this.port, params };
  }

  newTag(): string {
    return newTag(this.random);
  }

  /** Our Contact for a transport (§8.1.1.8). */
  contact(transport = 'UDP', user = 'openccc'): string {
    const t = transport.toUpperCase() === 'UDP' ? '' : `;transport=${transport.toLowerCase()}`;
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `<sip:${user}@${host}:${this.port}${t}>`;
  }

  /** Starts a client transaction, moving the request to TCP first when §18.1.1 says so. */
  sendRequest(request: SipRequest, destination: TransportDestination): ClientTransaction {
    const prepared = this.adapter.prepareRequest(request, destination);
    return this.transactions.sendRequest(prepared.request, prepared.destination);
  }

  /** Sends outside any transaction (an ACK for a 2xx, §13.2.2.4). */
  sendDirect(request: SipRequest, destination: TransportDestination): Promise<void> {
    return this.adapter.send(request, destination);
  }

  /** Watches every SIP message sent and received, parsed ones only (the call trace); returns the function that stops it. */
  observeMessages(observer: SipMessageObserver): () => void {
    const remove = this.tap.add(observer);
    this.adapter.tap = this.tap.outbound;
    return () => {
      remove();
      if (!this.tap.active) this.adapter.tap = undefined;
    };
  }

  /** Registers something closed with the UA (a UAC call, a keep-alive); it unregisters itself via the returned function. */
  own(resource: { close(): void }): () => void {
    this.closers.add(resource);
    return () => this.closers.delete(resource);
  }

  /** Closes every call, transaction and timer, then the sockets. Safe to call again. */
  close(): Promise<void> {
    if (!this.closing) {
      for (const r of [...this.closers]) r.close();
      this.closers.clear();
      this.transactions.close();
      this.invites.clear();
      this.closing = this.transport.close();
    }
    return this.closing;
  }

  private onMessage(m: InboundMessage): void {
    if (this.closing) return;
    const source: ArrivalDestination = {
      transport: m.transport.toUpperCase(),
      host: m.source.address,
      port: m.source.port,
      ...(m.connectionId === undefined ? {} : { connectionId: m.connectionId }),
    };
    const parsed = parseSipMessage(m.bytes, this.parseOptions);
    if (!parsed.ok) {
      this.stats.malformed++;
      const response = parsed.isRequest ? badRequestFor(parsed, { toTag: this.newTag() }) : undefined;
      const answered = response !== undefined && this.sendStateless(response, source, m.source);
      this.emit('malformed', { reason: parsed.reason, isRequest: parsed.isRequest, answered });
      return;
    }
    const message = parsed.message;
    if (this.tap.active) this.tap.inbound(message, source.transport, source.host, source.port, m.bytes);
    if (isResponse(message)) {
      this.stats.responses++;
      this.transactions.receive(message, source);
      return;
    }
    this.stats.requests++;
    if (!stampReceived(message, m.source)) {
      this.stats.dropped++; // no readable Via: nowhere to answer (§18.2.1)
      return;
    }
    this.transactions.receive(message, source);
  }

  /** A response with no transaction (to an unparseable request), routed by its Via as the request's would be. */
  private sendStateless(response: SipResponse, source: ArrivalDestination, from: { address: string; port: number }): boolean {
    if (!stampReceived(response, from)) {
      this.stats.dropped++; // its Via does not read: §18.2.2 has nowhere to send it
      return false;
    }
    // The 400 copies Via/From/To/Call-ID/CSeq as received (§8.2.6); when that makes it malformed SIP itself, drop instead
    const bytes = serializeSipMessage(response);
    if (!parseSipMessage(bytes).ok) {
      this.stats.dropped++;
      return false;
    }
    this.adapter.send(response, source).catch(() => this.stats.dropped++);
    return true;
  }

  private onRequest(request: SipRequest, tx: ServerTransaction, source: ArrivalDestination): void {
    const tag = this.newTag();
    const rejection = checkRequest(request, { supported: SUPPORTED_TAGS, contentTypes: ACCEPTED_TYPES });
    if (rejection) {
      tx.respond(createResponse(request, rejection.status, rejection.reason, { toTag: tag, headers: rejection.headers ?? [] }));
      return;
    }
    const admission = this.o.peerPolicy?.decide(request, source, this.clock.now(), tag);
    if (admission !== undefined && admission.verdict !== 'allow') {
      tx.respond(admission.response);
      return;
    }
    const route = routeRequest(request);
    switch (route.kind) {
      case 'reject':
        tx.respond(createResponse(request, route.status, undefined, { toTag: tag, headers: route.headers }));
        return;
      case 'cancel':
        this.onCancel(request, tx, source, tag);
        return;
      case 'in-dialog':
        if (!this.dialogs?.inDialogRequest(request, tx, source)) tx.respond(createResponse(request, 481, undefined, { toTag: tag }));
        return;
      case 'options':
        answerOptions(request, tx, tag);
        return;
      case 'invite':
        this.onNewInvite(request, tx as InviteServerTransaction, source, tag);
        return;
    }
  }

  /** §9.2: 200 to the CANCEL and 487 to its INVITE while that has no final response; 481 when no INVITE matches. */
  private onCancel(cancel: SipRequest, tx: ServerTransaction, source: ArrivalDestination, tag: string): void {
    const inviteTx = this.transactions.findInviteServerTransaction(cancel);
    const incoming = inviteTx && this.invites.get(inviteTx);
    // An untrusted peer's CANCEL for an INVITE the peer policy refused matches nothing we accepted: no 200 to an unknown peer
    const refused = incoming === undefined && this.o.peerPolicy !== undefined && !this.o.peerPolicy.trusts(source.host);
    if (inviteTx === undefined || refused) {
      tx.respond(createResponse(cancel, 481, undefined, { toTag: tag }));
      return;
    }
    // §9.2: the CANCEL's response carries the To tag of the INVITE's responses
    tx.respond(createResponse(cancel, 200, undefined, { toTag: incoming?.toTag ?? tag }));
    incoming?.cancel(cancel);
  }

  private onNewInvite(request: SipRequest, tx: InviteServerTransaction, source: ArrivalDestination, tag: string): void {
    const handler = this.onInvite;
    if (handler === undefined) {
      tx.respond(createResponse(request, 480, undefined, { toTag: tag }));
      return;
    }
    const incoming = new IncomingInvite({ request, transaction: tx, source, toTag: tag, contact: this.contact(source.transport) });
    this.invites.set(tx, incoming);
    incoming.on('terminated', () => this.invites.delete(tx));
    const failed = (e: unknown): void => {
      this.emit('handlerError', e);
      incoming.reject(500, 'Server Internal Error');
    };
    try {
      const r = handler(incoming);
      if (r instanceof Promise) r.catch(failed);
    } catch (e) {
      failed(e);
    }
  }

  private onStrayRequest(request: SipRequest, source: ArrivalDestination): void {
    if (request.method === 'ACK' && this.dialogs) this.dialogs.ack(request, source);
    else this.stats.dropped++; // an ACK with no dialog, or a request without a usable branch: drop (§17.2.3)
  }
}

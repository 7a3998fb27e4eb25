// Non-INVITE server transaction: RFC 3261 §17.2.2 (Figure 8).
import { OwnedTimers } from '../../../shared/owned-timers.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import { nextState, stateTable } from './state-table.ts';
import { TypedEmitter } from '../../../shared/typed-emitter.ts';
import { toError, type ServerTransactionEvents, type TransactionOptions } from './transaction-options.ts';
import { transactionTimers, type TransactionTimers } from './timers.ts';
import type { TransactionTransport, TransportDestination } from './transaction-transport.ts';

export type NonInviteServerState = 'trying' | 'proceeding' | 'completed' | 'terminated';
export type NonInviteServerEvent = 'retransmission' | 'provisional' | 'final' | 'timerJ' | 'transportError';

export const NON_INVITE_SERVER_TABLE = stateTable<NonInviteServerState, NonInviteServerEvent>({
  trying: { retransmission: 'trying', provisional: 'proceeding', final: 'completed' },
  proceeding: { retransmission: 'proceeding', provisional: 'proceeding', final: 'completed', transportError: 'terminated' },
  completed: { retransmission: 'completed', timerJ: 'terminated', transportError: 'terminated' },
  terminated: {},
});

export class NonInviteServerTransaction extends TypedEmitter<ServerTransactionEvents> {
  readonly request: SipRequest;
  readonly destination: TransportDestination;
  readonly reliable: boolean;
  private currentState: NonInviteServerState = 'trying';
  private readonly transport: TransactionTransport;
  private readonly owned: OwnedTimers;
  private readonly t: TransactionTimers;
  private last: SipResponse | undefined;
  private closed = false;

  constructor(o: TransactionOptions) {
    super();
    this.request = o.request;
    this.destination = o.destination;
    this.transport = o.transport;
    this.owned = new OwnedTimers(o.clock);
    this.reliable = o.transport.isReliable(o.destination);
    this.t = transactionTimers(o.timers, this.reliable);
  }

  get state(): NonInviteServerState {
    return this.currentState;
  }

  /** Sends a response from the TU; false once a final has been sent. */
  respond(response: SipResponse): boolean {
    return this.fire(response.status < 200 ? 'provisional' : 'final', response);
  }

  receiveRetransmission(): void {
    this.fire('retransmission');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.currentState = 'terminated';
    this.owned.cancelAll();
    this.emit('terminated');
  }

  get pendingTimers(): number {
    return this.owned.size;
  }

  private fire(event: NonInviteServerEvent, response?: SipResponse, error?: Error): boolean {
    const from = this.currentState;
    const to = nextState(NON_INVITE_SERVER_TABLE, from, event);
    if (to === undefined) return false;
    this.currentState = to;
    switch (event) {
      case 'retransmission':
        if (from !== 'trying' && this.last) this.send(this.last); // §17.2.2: Trying absorbs, later states resend the last response
        break;
      case 'provisional':
        this.last = response as SipResponse;
        this.send(this.last);
        break;
      case 'final':
        this.last = response as SipResponse;
        this.send(this.last);
        if (this.t.J === 0) this.fire('timerJ');
        else this.owned.after(this.t.J, () => this.fire('timerJ'));
        break;
      case 'transportError':
        this.emit('transportError', error as Error);
        break;
      default:
        break;
    }
    if (to === 'terminated') this.close();
    return true;
  }

  private send(response: SipResponse): void {
    this.transport.send(response, this.destination).catch((e: unknown) => this.fire('transportError', undefined, toError(e)));
  }
}

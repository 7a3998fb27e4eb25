// INVITE client transaction: RFC 3261 §17.1.1 (Figure 5) with RFC 6026's Accepted state (§8.4, Timer M).
import type { TimerHandle } from '../../../shared/clock.ts';
import { createNon2xxAck, type SipRequest, type SipResponse } from '../message/index.ts';
import { nextState, stateTable } from './state-table.ts';
import { TransactionBase } from './transaction-base.ts';
import type { ClientTransactionEvents, TransactionOptions } from './transaction-options.ts';

export type InviteClientState = 'calling' | 'proceeding' | 'completed' | 'accepted' | 'terminated';
export type InviteClientEvent = 'timerA' | 'timerB' | 'timerD' | 'timerM' | 'provisional' | 'success' | 'failure' | 'transportError';

export const INVITE_CLIENT_TABLE = stateTable<InviteClientState, InviteClientEvent>({
  calling: {
    timerA: 'calling',
    timerB: 'terminated',
    provisional: 'proceeding',
    success: 'accepted',
    failure: 'completed',
    transportError: 'terminated',
  },
  proceeding: { provisional: 'proceeding', success: 'accepted', failure: 'completed', transportError: 'terminated' },
  completed: { failure: 'completed', timerD: 'terminated', transportError: 'terminated' },
  accepted: { success: 'accepted', timerM: 'terminated' },
  terminated: {},
});

export class InviteClientTransaction extends TransactionBase<InviteClientState, ClientTransactionEvents> {
  private intervalA = 0;
  private timerA: TimerHandle | undefined;
  private timerB: TimerHandle | undefined;
  private ack: SipRequest | undefined;
  private started = false;

  constructor(o: TransactionOptions) {
    super(o, 'calling');
  }

  /** Sends the INVITE and starts Timers A (unreliable only) and B (§17.1.1.2). Only the first call acts. */
  start(): void {
    if (this.started || this.currentState !== 'calling') return;
    this.started = true;
    this.send(this.request);
    if (this.t.A !== undefined) this.scheduleA(this.t.A);
    this.timerB = this.owned.after(this.t.B, () => this.fire('timerB'));
  }

  /** A response the layer matched to this transaction (§17.1.3). */
  receive(response: SipResponse): void {
    const s = response.status;
    this.fire(s < 200 ? 'provisional' : s < 300 ? 'success' : 'failure', response);
  }

  private scheduleA(interval: number): void {
    this.intervalA = interval;
    this.timerA = this.owned.after(interval, () => this.fire('timerA'));
  }

  private fire(event: InviteClientEvent, response?: SipResponse, error?: Error): void {
    const from = this.currentState;
    const to = nextState(INVITE_CLIENT_TABLE, from, event);
    if (to === undefined) return;
    this.currentState = to;
    if (from === 'calling' && to !== 'calling') {
      // §17.1.1.2: no more retransmissions once anything arrives; Timer B only guards the Calling state
      this.owned.cancel(this.timerA);
      this.owned.cancel(this.timerB);
    }
    switch (event) {
      case 'timerA':
        this.send(this.request);
        this.scheduleA(this.intervalA * 2); // §17.1.1.2: A doubles each time, no T2 cap for INVITE
        break;
      case 'timerB':
        this.emit('timeout');
        break;
      case 'transportError':
        this.emit('transportError', error as Error);
        break;
      case 'provisional':
        this.emit('response', response as SipResponse);
        break;
      case 'success':
        // RFC 6026 §8.4: the first 2xx and every later one (forks, retransmits) go to the TU, which ACKs them
        if (from !== 'accepted') this.owned.after(this.t.M, () => this.fire('timerM'));
        this.emit('response', response as SipResponse);
        break;
      case 'failure':
        this.onFailure(from, response as SipResponse);
        break;
      default:
        break;
    }
    if (to === 'terminated') this.close();
  }

  private onFailure(from: InviteClientState, response: SipResponse): void {
    if (from === 'completed') {
      // §17.1.1.2: a retransmitted final response is absorbed and ACKed again
      if (this.ack) this.send(this.ack);
      return;
    }
    this.ack = createNon2xxAck(this.request, response); // §17.1.1.3: the transaction builds this ACK itself
    this.send(this.ack);
    this.emit('response', response);
    if (this.t.D === 0) this.fire('timerD');
    else this.owned.after(this.t.D, () => this.fire('timerD'));
  }

  protected transportFailed(error: Error): void {
    this.fire('transportError', undefined, error);
  }
}

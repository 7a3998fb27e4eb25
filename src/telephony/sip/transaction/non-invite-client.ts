// Non-INVITE client transaction: RFC 3261 §17.1.2 (Figure 6).
import type { TimerHandle } from '../../../shared/clock.ts';
import type { SipResponse } from '../message/index.ts';
import { nextState, stateTable } from './state-table.ts';
import { TransactionBase } from './transaction-base.ts';
import type { ClientTransactionEvents, TransactionOptions } from './transaction-options.ts';

export type NonInviteClientState = 'trying' | 'proceeding' | 'completed' | 'terminated';
export type NonInviteClientEvent = 'timerE' | 'timerF' | 'timerK' | 'provisional' | 'final' | 'transportError';

export const NON_INVITE_CLIENT_TABLE = stateTable<NonInviteClientState, NonInviteClientEvent>({
  trying: { timerE: 'trying', timerF: 'terminated', provisional: 'proceeding', final: 'completed', transportError: 'terminated' },
  proceeding: { timerE: 'proceeding', timerF: 'terminated', provisional: 'proceeding', final: 'completed', transportError: 'terminated' },
  completed: { final: 'completed', timerK: 'terminated' },
  terminated: {},
});

export class NonInviteClientTransaction extends TransactionBase<NonInviteClientState, ClientTransactionEvents> {
  private intervalE = 0;
  private timerE: TimerHandle | undefined;
  private timerF: TimerHandle | undefined;
  private started = false;

  constructor(o: TransactionOptions) {
    super(o, 'trying');
  }

  /** Sends the request and starts Timers E (unreliable only) and F (§17.1.2.2). Only the first call acts. */
  start(): void {
    if (this.started || this.currentState !== 'trying') return;
    this.started = true;
    this.send(this.request);
    if (this.t.E !== undefined) this.scheduleE(this.t.E);
    this.timerF = this.owned.after(this.t.F, () => this.fire('timerF'));
  }

  receive(response: SipResponse): void {
    this.fire(response.status < 200 ? 'provisional' : 'final', response);
  }

  private scheduleE(interval: number): void {
    this.intervalE = interval;
    this.timerE = this.owned.after(interval, () => this.fire('timerE'));
  }

  private fire(event: NonInviteClientEvent, response?: SipResponse, error?: Error): void {
    const from = this.currentState;
    const to = nextState(NON_INVITE_CLIENT_TABLE, from, event);
    if (to === undefined) return;
    this.currentState = to;
    switch (event) {
      case 'timerE':
        this.send(this.request);
        // §17.1.2.2: in Trying the interval doubles up to T2; in Proceeding it is T2
        this.scheduleE(to === 'proceeding' ? this.t.t2 : Math.min(2 * this.intervalE, this.t.t2));
        break;
      case 'timerF':
        this.emit('timeout');
        break;
      case 'transportError':
        this.emit('transportError', error as Error);
        break;
      case 'provisional':
        this.emit('response', response as SipResponse);
        break;
      case 'final':
        if (from === 'completed') break; // §17.1.2.2: retransmitted finals are absorbed
        this.owned.cancel(this.timerE);
        this.owned.cancel(this.timerF);
        this.emit('response', response as SipResponse);
        if (this.t.K === 0) this.fire('timerK');
        else this.owned.after(this.t.K, () => this.fire('timerK'));
        break;
      default:
        break;
    }
    if (to === 'terminated') this.close();
  }

  protected transportFailed(error: Error): void {
    this.fire('transportError', undefined, error);
  }
}

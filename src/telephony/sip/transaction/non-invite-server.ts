// Non-INVITE server transaction: RFC 3261 §17.2.2 (Figure 8).
import type { SipResponse } from '../message/index.ts';
import { nextState, stateTable } from './state-table.ts';
import { TransactionBase } from './transaction-base.ts';
import type { ServerTransactionEvents, TransactionOptions } from './transaction-options.ts';

export type NonInviteServerState = 'trying' | 'proceeding' | 'completed' | 'terminated';
export type NonInviteServerEvent = 'retransmission' | 'provisional' | 'final' | 'timerJ' | 'transportError';

export const NON_INVITE_SERVER_TABLE = stateTable<NonInviteServerState, NonInviteServerEvent>({
  trying: { retransmission: 'trying', provisional: 'proceeding', final: 'completed' },
  proceeding: { retransmission: 'proceeding', provisional: 'proceeding', final: 'completed', transportError: 'terminated' },
  completed: { retransmission: 'completed', timerJ: 'terminated', transportError: 'terminated' },
  terminated: {},
});

export class NonInviteServerTransaction extends TransactionBase<NonInviteServerState, ServerTransactionEvents> {
  private last: SipResponse | undefined;

  constructor(o: TransactionOptions) {
    super(o, 'trying');
  }

  /** Sends a response from the TU; false once a final has been sent. */
  respond(response: SipResponse): boolean {
    return this.fire(response.status < 200 ? 'provisional' : 'final', response);
  }

  receiveRetransmission(): void {
    this.fire('retransmission');
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

  protected transportFailed(error: Error): void {
    this.fire('transportError', undefined, error);
  }
}

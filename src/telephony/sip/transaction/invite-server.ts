// INVITE server transaction: RFC 3261 §17.2.1 (Figure 7) with RFC 6026's Accepted state (§7.1, §8.7, Timer L).
import type { TimerHandle } from '../../../shared/clock.ts';
import { createResponse, type SipResponse } from '../message/index.ts';
import { nextState, stateTable } from './state-table.ts';
import { TransactionBase } from './transaction-base.ts';
import type { ServerTransactionEvents, TransactionOptions } from './transaction-options.ts';

export type InviteServerState = 'proceeding' | 'completed' | 'confirmed' | 'accepted' | 'terminated';
export type InviteServerEvent =
  | 'retransmission'
  | 'provisional'
  | 'success'
  | 'failure'
  | 'timer100'
  | 'timerG'
  | 'timerH'
  | 'timerI'
  | 'timerL'
  | 'ack'
  | 'transportError';

export const INVITE_SERVER_TABLE = stateTable<InviteServerState, InviteServerEvent>({
  proceeding: {
    retransmission: 'proceeding',
    provisional: 'proceeding',
    timer100: 'proceeding',
    success: 'accepted',
    failure: 'completed',
    transportError: 'terminated',
  },
  completed: { retransmission: 'completed', timerG: 'completed', timerH: 'terminated', ack: 'confirmed', transportError: 'terminated' },
  confirmed: { retransmission: 'confirmed', ack: 'confirmed', timerI: 'terminated' },
  // RFC 6026 §8.7: INVITE retransmits absorbed, 2xx retransmits come from the TU, a transport error keeps the state
  accepted: { retransmission: 'accepted', success: 'accepted', timerL: 'terminated', transportError: 'accepted' },
  terminated: {},
});

export class InviteServerTransaction extends TransactionBase<InviteServerState, ServerTransactionEvents> {
  private lastProvisional: SipResponse | undefined;
  private final: SipResponse | undefined;
  private timer100: TimerHandle | undefined;
  private timerG: TimerHandle | undefined;
  private timerH: TimerHandle | undefined;
  private intervalG = 0;

  constructor(o: TransactionOptions) {
    super(o, 'proceeding');
    this.timer100 = this.owned.after(this.t.trying100, () => this.fire('timer100'));
  }

  /** The final response sent, if any (RFC 2543 ACK matching compares its To tag, §17.2.3). */
  get finalResponse(): SipResponse | undefined {
    return this.final;
  }

  /** Sends a response from the TU; false when the state allows none (e.g. a second non-2xx final). */
  respond(response: SipResponse): boolean {
    const s = response.status;
    return this.fire(s < 200 ? 'provisional' : s < 300 ? 'success' : 'failure', response);
  }

  /** The same INVITE again (matched by the layer). */
  receiveRetransmission(): void {
    this.fire('retransmission');
  }

  /** An ACK matched to this transaction; false when it is not the transaction's (an ACK for a 2xx, the TU's). */
  receiveAck(): boolean {
    return this.fire('ack');
  }

  private fire(event: InviteServerEvent, response?: SipResponse, error?: Error): boolean {
    const from = this.currentState;
    const to = nextState(INVITE_SERVER_TABLE, from, event);
    if (to === undefined) return false;
    this.currentState = to;
    if (from === 'proceeding' && event !== 'retransmission' && event !== 'timer100') this.owned.cancel(this.timer100);
    switch (event) {
      case 'timer100':
        this.lastProvisional = createResponse(this.request, 100); // §17.2.1: the TU did not answer within 200 ms
        this.send(this.lastProvisional);
        break;
      case 'provisional':
        this.lastProvisional = response as SipResponse;
        this.send(this.lastProvisional);
        break;
      case 'retransmission':
        // §17.2.1: resend the last provisional (Proceeding) or the final (Completed); absorb otherwise
        if (from === 'proceeding' && this.lastProvisional) this.send(this.lastProvisional);
        else if (from === 'completed' && this.final) this.send(this.final);
        break;
      case 'success':
        this.final = response as SipResponse;
        this.send(this.final); // RFC 6026 §8.5: the TU, not the transaction, retransmits a 2xx
        if (from === 'proceeding') this.owned.after(this.t.L, () => this.fire('timerL'));
        break;
      case 'failure':
        this.final = response as SipResponse;
        this.send(this.final);
        if (this.t.G !== undefined) this.scheduleG(this.t.G);
        this.timerH = this.owned.after(this.t.H, () => this.fire('timerH'));
        break;
      case 'timerG':
        this.send(this.final as SipResponse);
        this.scheduleG(Math.min(2 * this.intervalG, this.t.t2)); // §17.2.1: doubling up to T2
        break;
      case 'timerH':
        this.emit('timeout');
        break;
      case 'ack':
        if (from === 'completed') this.onAck();
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

  private onAck(): void {
    this.owned.cancel(this.timerG);
    this.owned.cancel(this.timerH);
    if (this.t.I === 0) this.fire('timerI');
    else this.owned.after(this.t.I, () => this.fire('timerI'));
  }

  private scheduleG(interval: number): void {
    this.intervalG = interval;
    this.timerG = this.owned.after(interval, () => this.fire('timerG'));
  }

  protected transportFailed(error: Error): void {
    this.fire('transportError', undefined, error);
  }
}

import { EndStatus } from '../../domain/end-status.ts';
import type { IncomingCall, RejectCause } from '../carrier.ts';
import { toMs } from './line-plan.ts';
import { SimLine, type PartyScript, type SimLineDeps } from './sim-line.ts';

export interface SimInboundScript extends PartyScript {
  caller: string;
  callee: string;
  /** The caller hangs up if nobody answers by then. */
  giveUpSeconds: number;
}

/**
 * A simulated inbound call: offered to the app, answered (after 0 ms, as the ACK would come)
 * or rejected; once up it behaves like any simulated line, the caller pressing the keys its
 * script gives when the IVR waits.
 */
export class SimIncomingCall extends SimLine implements IncomingCall {
  readonly caller: string;
  readonly callee: string;
  /** What the app answered: for tests. */
  rejectedWith: RejectCause | undefined;
  rang = false;
  private readonly giveUp;

  constructor(id: string, script: SimInboundScript, deps: SimLineDeps) {
    super(id, 'offered', script, deps);
    this.caller = script.caller;
    this.callee = script.callee;
    this.giveUp = this.timers.after(toMs(script.giveUpSeconds), () => {
      this.finishWith('failed', { endStatus: EndStatus.ringingGiveUp, sipStatus: 487, reason: 'caller hung up before answer' });
    });
  }

  ring(): void {
    if (this.phase === 'offered') {
      this.phase = 'ringing';
      this.rang = true;
    }
  }

  answer(): void {
    if (this.phase !== 'offered' && this.phase !== 'ringing') return;
    this.phase = 'dialing'; // answered, waiting for the caller's ACK
    this.timers.cancel(this.giveUp);
    this.timers.after(0, () => this.becomeAnswered());
  }

  reject(cause: RejectCause): void {
    if (this.phase === 'ended' || this.phase === 'answered') return;
    this.rejectedWith = cause;
    this.close();
  }
}

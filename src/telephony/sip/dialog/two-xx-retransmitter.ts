import type { Clock } from '../../../shared/clock.ts';
import { OwnedTimers } from '../../../shared/owned-timers.ts';
import { getCSeq, type SipRequest, type SipResponse } from '../message/index.ts';
import type { Dialog } from './dialog.ts';

export type TwoXxRetransmitEvent =
  | { readonly type: 'retransmit'; readonly response: SipResponse }
  /** No ACK within 64*T1: the UA sends `bye` through a client transaction (§13.3.1.4) and the dialog is over. */
  | { readonly type: 'ack-timeout'; readonly bye: SipRequest };

export interface TwoXxRetransmitterOptions {
  clock: Clock;
  /** RFC 3261 §17.1.1.1 defaults: 500 ms and 4 s. */
  t1Ms?: number;
  t2Ms?: number;
  onEvent: (e: TwoXxRetransmitEvent) => void;
}

/**
 * The UAS's 2xx to an INVITE, resent by the UA core (RFC 3261 §13.3.1.4): first after T1, the interval doubling
 * up to T2, until the ACK arrives; after 64*T1 without one, it gives up and asks for a BYE. Start it once the
 * first 2xx has been sent.
 */
export class TwoXxRetransmitter {
  private readonly timers: OwnedTimers;
  private readonly t2: number;
  private done = false;

  constructor(
    readonly response: SipResponse,
    private readonly dialog: Dialog,
    private readonly opts: TwoXxRetransmitterOptions,
  ) {
    const t1 = opts.t1Ms ?? 500;
    this.t2 = opts.t2Ms ?? 4000;
    this.timers = new OwnedTimers(opts.clock);
    this.timers.after(64 * t1, () => this.giveUp());
    this.schedule(t1);
  }

  /** Feeds an ACK of the dialog: true (and retransmission stops) when its CSeq number is the 2xx's. */
  ackReceived(ack: SipRequest): boolean {
    if (this.done || ack.method !== 'ACK' || getCSeq(ack)?.seq !== getCSeq(this.response)?.seq) return false;
    this.close();
    return true;
  }

  get active(): boolean {
    return !this.done;
  }

  close(): void {
    this.done = true;
    this.timers.cancelAll();
  }

  private schedule(interval: number): void {
    this.timers.after(interval, () => {
      this.schedule(Math.min(2 * interval, this.t2));
      this.opts.onEvent({ type: 'retransmit', response: this.response });
    });
  }

  private giveUp(): void {
    this.close();
    this.opts.onEvent({ type: 'ack-timeout', bye: this.dialog.createRequest('BYE') });
  }
}

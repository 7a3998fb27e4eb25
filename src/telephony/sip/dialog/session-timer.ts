import type { Clock } from '../../../shared/clock.ts';
import { OwnedTimers } from '../../../shared/owned-timers.ts';
import type { NegotiatedSessionTimer } from './session-timer-negotiation.ts';

/** 'refresh': send a re-INVITE/UPDATE now. 'expired': no refresh came, the UA sends BYE (RFC 4028 §10). */
export type SessionTimerEvent = 'refresh' | 'expired';

/** When each event falls due after a refresh, in ms (RFC 4028 §10). */
export function refreshDelayMs(intervalSeconds: number): number {
  return (intervalSeconds * 1000) / 2;
}

export function expiryDelayMs(intervalSeconds: number): number {
  return (intervalSeconds - Math.min(32, intervalSeconds / 3)) * 1000;
}

/**
 * One dialog's session timer: as the refresher it asks for a refresh at half the interval; either side declares
 * the session expired at interval − min(32, interval/3) s unless a refresh restarted it first. Every refresh seen (2xx to a refreshing re-INVITE or
 * UPDATE, in either direction) restarts it through restart().
 */
export class SessionTimer {
  private readonly timers: OwnedTimers;
  private current: NegotiatedSessionTimer | undefined;
  private closed = false;

  constructor(
    clock: Clock,
    private readonly onEvent: (e: SessionTimerEvent) => void,
  ) {
    this.timers = new OwnedTimers(clock);
  }

  /** Starts again from now with the newly negotiated values; undefined (no Session-Expires) stops the timer. */
  restart(negotiated: NegotiatedSessionTimer | undefined): void {
    if (this.closed) return;
    this.timers.cancelAll();
    this.current = negotiated;
    if (negotiated === undefined) return;
    if (negotiated.weRefresh) this.timers.after(refreshDelayMs(negotiated.intervalSeconds), () => this.onEvent('refresh'));
    // The refresher expires too when its refresh never completes (§10: it SHOULD send BYE before the session expires).
    this.timers.after(expiryDelayMs(negotiated.intervalSeconds), () => this.onEvent('expired'));
  }

  get negotiated(): NegotiatedSessionTimer | undefined {
    return this.current;
  }

  close(): void {
    this.closed = true;
    this.timers.cancelAll();
  }
}

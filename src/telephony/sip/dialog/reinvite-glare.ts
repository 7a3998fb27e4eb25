import type { Clock } from '../../../shared/clock.ts';
import { OwnedTimers } from '../../../shared/owned-timers.ts';
import { createResponse, type RandomSource, type SipRequest, type SipResponse } from '../message/index.ts';
import { randomInt } from './random-int.ts';

export interface PendingInvites {
  /** This side sent an INVITE in the dialog and has no final response to it yet. */
  outgoing: boolean;
  /** This side received an INVITE in the dialog and has not sent its final response yet. */
  incoming: boolean;
}

/**
 * The answer to a re-INVITE that collides with another one (RFC 3261 §14.2), or undefined to go on:
 * 491 when ours is pending, 500 with a Retry-After of 0–10 s when theirs (a lower CSeq) still is.
 */
export function rejectCollidingReinvite(req: SipRequest, pending: PendingInvites, random: RandomSource): SipResponse | undefined {
  if (req.method !== 'INVITE') return undefined;
  if (pending.outgoing) return createResponse(req, 491);
  if (pending.incoming) return createResponse(req, 500, undefined, { headers: [['Retry-After', String(randomInt(random, 11))]] });
  return undefined;
}

/**
 * How long to wait after a 491 before retrying our re-INVITE (§14.1): the owner of the Call-ID (the dialog's
 * UAC) waits 2.1–4 s, the other side 0–2 s, chosen in units of 10 ms.
 */
export function glareBackoffMs(ownsCallId: boolean, random: RandomSource): number {
  return ownsCallId ? 2100 + 10 * randomInt(random, 191) : 10 * randomInt(random, 201);
}

/** Waits the §14.1 back-off once, then calls `retry`; one pending wait at a time, cancelled by close(). */
export class GlareRetry {
  private readonly timers: OwnedTimers;
  private closed = false;

  constructor(
    clock: Clock,
    private readonly random: RandomSource,
    private readonly retry: () => void,
  ) {
    this.timers = new OwnedTimers(clock);
  }

  /** Starts (or restarts) the wait; returns the delay chosen, or undefined after close(). */
  schedule(ownsCallId: boolean): number | undefined {
    if (this.closed) return undefined;
    this.timers.cancelAll();
    const delay = glareBackoffMs(ownsCallId, this.random);
    this.timers.after(delay, this.retry);
    return delay;
  }

  get pending(): boolean {
    return this.timers.size > 0;
  }

  close(): void {
    this.closed = true;
    this.timers.cancelAll();
  }
}

import type { Clock } from '../../../shared/clock.ts';
import { OwnedTimers } from '../../../shared/owned-timers.ts';
import { createResponse, getCSeq, type RandomSource, type SipRequest, type SipResponse } from '../message/index.ts';
import { randomInt } from './random-int.ts';
import { isReliableProvisional, parseRAck } from './reliable-provisional.ts';

export type ReliableProvisionalEvent =
  /** Pass `response` to the server transaction: its first sending and every retransmission. */
  | { readonly type: 'send'; readonly response: SipResponse }
  /** 64*T1 without PRACK: the UAS SHOULD reject the INVITE with a 5xx (RFC 3262 §3). Everything queued is dropped. */
  | { readonly type: 'timeout'; readonly response: SipResponse };

export interface ReliableProvisionalSenderOptions {
  clock: Clock;
  random: RandomSource;
  t1Ms?: number;
  onEvent: (e: ReliableProvisionalEvent) => void;
}

const RSEQ_LIMIT = 0x80000000; // §3: the first RSeq is below 2^31

/**
 * The UAS side of RFC 3262 for one INVITE: each 1xx gets `Require: 100rel` and the next RSeq, and is resent at T1,
 * 2*T1, 4*T1 ... (no T2 cap in §3) until its PRACK; a later 1xx waits until the earlier one is PRACKed (§3).
 */
export class ReliableProvisionalSender {
  private readonly timers: OwnedTimers;
  private readonly t1: number;
  private readonly queue: SipResponse[] = [];
  private rseq: number;
  private pending: SipResponse | undefined;
  private closed = false;

  constructor(private readonly opts: ReliableProvisionalSenderOptions) {
    this.timers = new OwnedTimers(opts.clock);
    this.t1 = opts.t1Ms ?? 500;
    this.rseq = randomInt(opts.random, RSEQ_LIMIT - 1); // the first send adds one: 1 .. 2^31-1
  }

  /** Sends a 101-199 reliably, or queues it behind the unacknowledged one. */
  send(response: SipResponse): 'sent' | 'queued' | 'closed' {
    if (this.closed) return 'closed';
    if (this.pending) {
      this.queue.push(response);
      return 'queued';
    }
    this.start(response);
    return 'sent';
  }

  /** The RSeq of the response awaiting PRACK, if any. */
  get awaitingRSeq(): number | undefined {
    return this.pending === undefined ? undefined : this.rseq;
  }

  /** A PRACK from the UAC: 200 when its RAck matches the unacknowledged 1xx, else 481 (§3). */
  prackReceived(prack: SipRequest): { matched: boolean; response: SipResponse } {
    const rack = parseRAck(prack.headers.get('RAck') ?? '');
    const cseq = this.pending && getCSeq(this.pending);
    const matched =
      rack.ok && cseq !== undefined && rack.value.rseq === this.rseq && rack.value.cseq === cseq.seq && rack.value.method === cseq.method;
    if (!matched) return { matched: false, response: createResponse(prack, 481) };
    this.timers.cancelAll();
    this.pending = undefined;
    const next = this.queue.shift();
    if (next && !this.closed) this.start(next);
    return { matched: true, response: createResponse(prack, 200) };
  }

  close(): void {
    this.closed = true;
    this.pending = undefined;
    this.queue.length = 0;
    this.timers.cancelAll();
  }

  private start(response: SipResponse): void {
    this.rseq++;
    const reliable: SipResponse = { ...response, headers: response.headers.clone() };
    if (!isReliableProvisional({ ...reliable, headers: reliable.headers.clone().set('RSeq', '1') }))
      reliable.headers.append('Require', '100rel');
    reliable.headers.set('RSeq', String(this.rseq));
    this.pending = reliable;
    this.timers.after(64 * this.t1, () => {
      this.close();
      this.opts.onEvent({ type: 'timeout', response: reliable });
    });
    this.retransmitAfter(this.t1, reliable);
    this.opts.onEvent({ type: 'send', response: reliable });
  }

  private retransmitAfter(interval: number, response: SipResponse): void {
    this.timers.after(interval, () => {
      this.retransmitAfter(2 * interval, response);
      this.opts.onEvent({ type: 'send', response });
    });
  }
}

/**
 * Turns a stream of RFC 4733 telephone-event packets into one digit per event. An event is identified by
 * its RTP timestamp (RFC 4733 §2.5.1.1: every packet of one event carries its start timestamp); it is
 * reported on its first end packet (the two redundant ones, §2.5.1.4, are dropped), or — when every end
 * packet was lost — when a newer event starts or `poll(now)` finds it silent for `timeoutMs`.
 */
import type { RtpView } from './packet.ts';
import { tsDiff, tsNewer } from './sequence.ts';
import { eventToDigit, parseTelephoneEvent, type TelephoneEvent } from './rfc4733.ts';

export interface ReceivedDigit {
  digit: string;
  /** RTP timestamp of the event's start. */
  timestamp: number;
  /** Longest duration seen (summed over segments of a long event), in timestamp units, and in ms. */
  duration: number;
  durationMs: number;
  /** False when the end packets never arrived. */
  ended: boolean;
}

export interface Rfc4733ReceiverOptions {
  /** The negotiated telephone-event payload type (dynamic, e.g. 101). */
  payloadType: number;
  clockRate?: number;
  /** How long an event may go without packets before it is taken as ended; default 300 ms (updates come every ≤ 50 ms). */
  timeoutMs?: number;
  onDigit: (d: ReceivedDigit) => void;
}

/** How many finished events to remember, so late or duplicate packets of them are ignored. */
const RECENT = 8;

export class Rfc4733Receiver {
  private readonly payloadType: number;
  private readonly clockRate: number;
  private readonly timeoutMs: number;
  private readonly onDigit: (d: ReceivedDigit) => void;
  private readonly scratch: TelephoneEvent = { event: 0, end: false, volume: 0, duration: 0 };
  private readonly recent = new Float64Array(RECENT).fill(-1);
  private recentNext = 0;
  private active = false;
  private ts = 0;
  private event = 0;
  private duration = 0;
  /** Start of the event's first segment, and the duration of its earlier segments (long events). */
  private startTs = 0;
  private earlier = 0;
  private lastSeenMs = 0;

  constructor(opts: Rfc4733ReceiverOptions) {
    this.payloadType = opts.payloadType;
    this.clockRate = opts.clockRate ?? 8000;
    this.timeoutMs = opts.timeoutMs ?? 300;
    this.onDigit = opts.onDigit;
  }

  /** Feeds one parsed RTP packet; packets of another payload type and non-DTMF events are ignored. */
  receive(view: RtpView, buf: Uint8Array, nowMs: number): void {
    if (view.payloadType !== this.payloadType) return;
    const ev = parseTelephoneEvent(buf, view.payloadOffset, view.payloadLength, this.scratch);
    if (!ev || eventToDigit(ev.event) === null) return;
    const ts = view.timestamp;
    if (this.wasReported(ts)) return;
    if (this.active && ts !== this.ts) {
      // An older event's packet arriving after a newer one began cannot be reported in order: drop it.
      if (!tsNewer(ts, this.ts)) return;
      if (this.continues(ts, ev.event, view.marker)) {
        this.remember(this.ts);
        this.earlier += this.duration;
        this.ts = ts;
        this.duration = 0;
      } else this.finish(false);
    }
    if (!this.active) {
      this.active = true;
      this.ts = ts;
      this.startTs = ts;
      this.event = ev.event;
      this.duration = 0;
      this.earlier = 0;
    }
    if (ev.duration > this.duration) this.duration = ev.duration;
    this.lastSeenMs = nowMs;
    if (ev.end) this.finish(true);
  }

  /** Reports the current event if no packet came for `timeoutMs`. Call it from the session's tick. */
  poll(nowMs: number): void {
    if (this.active && nowMs - this.lastSeenMs >= this.timeoutMs) this.finish(false);
  }

  /** True while an event has started and not been reported (an IVR may stop a prompt on it: barge-in). */
  get inEvent(): boolean {
    return this.active;
  }

  /** RFC 4733 §2.5.1.3: an event longer than 0xFFFF units goes on in a new segment at ts + 0xFFFF, without marker. */
  private continues(ts: number, event: number, marker: boolean): boolean {
    return event === this.event && !marker && this.duration === 0xffff && tsDiff(ts, this.ts) === 0xffff;
  }

  private finish(ended: boolean): void {
    this.active = false;
    this.remember(this.ts);
    const duration = this.earlier + this.duration;
    this.onDigit({
      digit: eventToDigit(this.event)!,
      timestamp: this.startTs,
      duration,
      durationMs: (duration * 1000) / this.clockRate,
      ended,
    });
  }

  private remember(ts: number): void {
    this.recent[this.recentNext] = ts;
    this.recentNext = (this.recentNext + 1) % RECENT;
  }

  private wasReported(ts: number): boolean {
    for (let i = 0; i < RECENT; i++) if (this.recent[i] === ts) return true;
    return false;
  }
}

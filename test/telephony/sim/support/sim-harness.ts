import type { z } from 'zod';
import { VirtualClock } from '../../../../src/shared/clock.ts';
import type { CallLeg, CallLegEvents } from '../../../../src/telephony/carrier.ts';
import type { SimCallLeg } from '../../../../src/telephony/sim/sim-call-leg.ts';
import { SimCarrier, type SimCarrierOptions } from '../../../../src/telephony/sim/sim-carrier.ts';
import { simCarrierConfigSchema } from '../../../../src/telephony/sim/sim-config.ts';

export type SimConfigInput = z.input<typeof simCarrierConfigSchema>;

/** A leg event as one tagged value (close is counted apart), so a test can log and compare them. */
export type CallEvent = {
  [K in Exclude<keyof CallLegEvents, 'close'>]: { type: K } & (CallLegEvents[K] extends [infer A] ? A : object);
}[Exclude<keyof CallLegEvents, 'close'>];

const LINE_EVENTS = ['ringing', 'answered', 'failed', 'hangup', 'dtmf', 'playbackDone', 'transfer'] as const;

/** Subscribes to every event of a leg, as an app would right after dial(). */
export function listen(leg: CallLeg, onEvent: (e: CallEvent) => void, onClose: () => void = () => {}): void {
  for (const type of LINE_EVENTS) {
    leg.on(type, (...args: unknown[]) => onEvent({ type, ...(args[0] as object) } as CallEvent));
  }
  leg.on('close', onClose);
}

/** One event as the app heard it: virtual ms since the world started, and which call. */
export interface Heard {
  at: number;
  sessionId: string;
  event: CallEvent;
}

export interface DialOptions {
  maxRingMs?: number;
  /** Acts like the app: runs after the event is logged, may call back into the leg. */
  react?: (event: CallEvent, leg: SimCallLeg) => void;
}

/** A sim carrier on a virtual clock starting at 0, with every event logged. */
export function simWorld(config: SimConfigInput = {}, options: SimCarrierOptions = {}) {
  const clock = new VirtualClock(0);
  const carrier = new SimCarrier(simCarrierConfigSchema.parse(config), clock, options);
  const heard: Heard[] = [];
  /** How many times each call emitted close. */
  const closes = new Map<string, number>();
  let n = 0;
  const dial = (callee: string, opts: DialOptions = {}): SimCallLeg => {
    const sessionId = `s${++n}`;
    const leg: SimCallLeg = carrier.dial({ sessionId, caller: '+8610000000001', callee, maxRingMs: opts.maxRingMs ?? 60_000 });
    // Events never arrive inside dial(), so listening right after it hears them all.
    listen(
      leg,
      (event) => {
        heard.push({ at: clock.now(), sessionId, event });
        opts.react?.(event, leg);
      },
      () => closes.set(sessionId, (closes.get(sessionId) ?? 0) + 1),
    );
    return leg;
  };
  /** The events of one call as [ms, summary] pairs, easy to compare. */
  const story = (sessionId = 's1'): [number, string][] =>
    heard.filter((h) => h.sessionId === sessionId).map((h) => [h.at, summary(h.event)]);
  return { clock, carrier, heard, closes, dial, story };
}

export function summary(e: CallEvent): string {
  switch (e.type) {
    case 'failed':
      return `failed ${e.endStatus}`;
    case 'dtmf':
      return `dtmf ${e.digit}`;
    case 'playbackDone':
      return `${e.reason === 'finished' ? 'done' : e.reason === 'stopped' ? 'interrupted' : e.reason} ${e.playbackId}`;
    case 'transfer':
      return `transfer ${e.state}`;
    default:
      return e.type;
  }
}

/** A text prompt that plays for exactly `ms` (70 ms a character, at least 400 ms). */
export function textOf(ms: number) {
  if (ms % 70 !== 0 || ms < 420) throw new RangeError('pick a multiple of 70 ms from 420');
  return { kind: 'text' as const, text: 'x'.repeat(ms / 70) };
}

/** One leg's whole story, close included, as `[ms, summary]` pairs: proves close comes once and last. */
export function tape(leg: CallLeg, clock: { now(): number }): [number, string][] {
  const log: [number, string][] = [];
  listen(
    leg,
    (e) => log.push([clock.now(), summary(e)]),
    () => log.push([clock.now(), 'close']),
  );
  return log;
}

/** Asserts `close` was heard exactly once and nothing after it. */
export function closedOnceLast(log: readonly [number, string][]): boolean {
  const closes = log.filter(([, s]) => s === 'close').length;
  return closes === 1 && log[log.length - 1]![1] === 'close';
}

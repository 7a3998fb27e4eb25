import { createResponse, type SipRequest, type SipResponse } from '../message/index.ts';
import {
  MIN_SE_FLOOR,
  formatMinSe,
  formatSessionExpires,
  readMinSe,
  readSessionExpires,
  type Refresher,
  type SessionExpires,
} from './session-expires.ts';

// RFC 4028 negotiation: what the UAC asks, how a UAS answers or rejects, and what the 2xx settled.

/** What a UAC puts in its INVITE/UPDATE: Session-Expires and Min-SE, in seconds. */
export interface SessionTimerRequest {
  sessionExpires: number;
  minSe: number;
}

/**
 * RFC 4028 §7.4: after a 422, retry with Session-Expires raised to the 422's Min-SE and Min-SE set to the largest
 * seen. Undefined when the 422 has no usable Min-SE or would not raise the interval (a broken peer: give up).
 */
export function retryAfter422(response: SipResponse, current: SessionTimerRequest): SessionTimerRequest | undefined {
  if (response.status !== 422) return undefined;
  const minSe = readMinSe(response);
  if (minSe === undefined || minSe <= current.sessionExpires) return undefined;
  return { sessionExpires: minSe, minSe: Math.max(minSe, current.minSe) };
}

/** RFC 4028 §8.1 (UAS): a Session-Expires below our Min-SE gets a 422 carrying that Min-SE; otherwise undefined. */
export function rejectTooSmall(request: SipRequest, localMinSe: number): SipResponse | undefined {
  const se = readSessionExpires(request);
  if (se === undefined || se.seconds >= localMinSe) return undefined;
  return createResponse(request, 422, undefined, { headers: [['Min-SE', formatMinSe(localMinSe)]] });
}

/** The session timer a 2xx settled: its interval, and whether this side refreshes. */
export interface NegotiatedSessionTimer {
  intervalSeconds: number;
  weRefresh: boolean;
}

/**
 * Who refreshes, from the 2xx of an INVITE/UPDATE (RFC 4028 §7.2, §9): `role` is this side's role in that
 * transaction. No Session-Expires in the 2xx: no session timer. No refresher in it (the UAS must add one) is read as uas.
 */
export function negotiatedTimer(response: SipResponse, role: Refresher): NegotiatedSessionTimer | undefined {
  if (response.status < 200 || response.status >= 300) return undefined;
  const se = readSessionExpires(response);
  if (se === undefined || se.seconds === 0) return undefined;
  return { intervalSeconds: se.seconds, weRefresh: (se.refresher ?? 'uas') === role };
}

/** The rows a UAC adds to an INVITE/UPDATE asking for a session timer (RFC 4028 §7.1). */
export function sessionTimerRequestHeaders(ask: SessionTimerRequest, refresher?: Refresher): [string, string][] {
  const se: SessionExpires = refresher === undefined ? { seconds: ask.sessionExpires } : { seconds: ask.sessionExpires, refresher };
  return [
    ['Supported', 'timer'],
    ['Session-Expires', formatSessionExpires(se)],
    ['Min-SE', formatMinSe(Math.max(MIN_SE_FLOOR, ask.minSe))],
  ];
}

function supportsTimer(m: SipRequest): boolean {
  return [...m.headers.getAll('Supported'), ...m.headers.getAll('Require')].some((v) =>
    v.split(',').some((t) => t.trim().toLowerCase() === 'timer'),
  );
}

export interface SessionTimerAnswer {
  sessionExpires: SessionExpires;
  /** Rows for the 2xx: Session-Expires, plus `Require: timer` when the UAC supports the extension (§9). */
  headers: [string, string][];
}

/**
 * How a UAS answers a request that passed rejectTooSmall (RFC 4028 §9): keep the UAC's interval (or offer
 * `localSeconds` when it asked none), lowered to `localSeconds` but never below the Min-SE; keep its refresher, else
 * pick `prefer` when the UAC supports timer, else be the refresher ourselves. Undefined: no session timer to run.
 */
export function answerSessionTimer(
  request: SipRequest,
  o: { localSeconds: number; localMinSe: number; prefer: Refresher },
): SessionTimerAnswer | undefined {
  const asked = readSessionExpires(request);
  const supported = supportsTimer(request);
  if (asked === undefined && !supported) return undefined;
  const floor = Math.max(MIN_SE_FLOOR, o.localMinSe, readMinSe(request) ?? 0);
  const seconds = Math.max(floor, Math.min(asked?.seconds ?? o.localSeconds, o.localSeconds));
  const refresher: Refresher = asked?.refresher ?? (supported ? o.prefer : 'uas');
  const sessionExpires: SessionExpires = { seconds, refresher };
  const headers: [string, string][] = [['Session-Expires', formatSessionExpires(sessionExpires)]];
  if (supported) headers.push(['Require', 'timer']);
  return { sessionExpires, headers };
}

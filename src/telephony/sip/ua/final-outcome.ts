// What a UAC surfaces of a final failure (RFC 3261 §8.1.3, §20.33 Retry-After, RFC 3326 Reason).
import type { SipResponse } from '../message/index.ts';

export interface FailureOutcome {
  status: number;
  reason: string;
  /** Seconds, from Retry-After (§20.33), when present and numeric. */
  retryAfter?: number;
  /** The Reason header (RFC 3326) as received, e.g. `Q.850;cause=17`. */
  reasonHeader?: string;
  /** Absent for a timeout (408) or a transport error (503), which no peer sent (§8.1.3.1). */
  response?: SipResponse;
}

export function failureOf(response: SipResponse): FailureOutcome {
  const out: FailureOutcome = { status: response.status, reason: response.reason, response };
  const ra = /^\s*(\d{1,10})/.exec(response.headers.get('Retry-After') ?? '')?.[1];
  if (ra !== undefined) out.retryAfter = Number(ra);
  const reason = response.headers.get('Reason');
  if (reason !== undefined) out.reasonHeader = reason;
  return out;
}

/** §8.1.3.1: a timeout is treated as 408, a transport error as 503. */
export function localFailure(kind: 'timeout' | 'transport'): FailureOutcome {
  return kind === 'timeout' ? { status: 408, reason: 'Request Timeout' } : { status: 503, reason: 'Service Unavailable' };
}

/** Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"). */
export interface BackoffPolicy {
  /** The ceiling of the first delay. */
  baseMs: number;
  /** No delay is longer. */
  capMs: number;
}

/** 1 s doubling to a 10 min ceiling: a receiver down for hours is tried about every 5 minutes. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 600_000 };

/**
 * The wait after failed attempt number `attempt` (1 = the first): uniform in [0, min(cap, base·2^(attempt-1))).
 * Full jitter spreads the retries of many messages that failed together (a receiver coming back
 * sees no thundering herd). `random` returns [0, 1), injected so tests are exact.
 */
export function backoffDelay(attempt: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

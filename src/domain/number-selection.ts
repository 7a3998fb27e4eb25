import { parseDialable } from './phone-number.ts';

/** The facts about an app number that decide whether it may be a caller ID. */
export interface CallerCandidate {
  number: string;
  e164: string;
  callout: boolean;
  state: string;
}

function usable(n: CallerCandidate): boolean {
  return n.callout && n.state === 'normal';
}

/**
 * The caller IDs a call may use, in preference order. With `requested` (the request's
 * Callers), only those of them that are usable call-out numbers of the app, in the order
 * given; otherwise every usable call-out number. Empty means FailedOperation.NoCallOutNumber.
 */
export function eligibleCallers(numbers: readonly CallerCandidate[], requested?: readonly string[]): CallerCandidate[] {
  const pool = numbers.filter(usable);
  if (!requested || requested.length === 0) return pool;
  const byE164 = new Map(pool.map((n) => [n.e164, n]));
  const out: CallerCandidate[] = [];
  for (const r of requested) {
    const parsed = parseDialable(r);
    const hit = parsed ? byE164.get(parsed.e164) : undefined;
    if (hit && !out.includes(hit)) out.push(hit);
  }
  return out;
}

/** Spreads calls over the pool: the `turn`-th call takes the `turn mod n`-th candidate. */
export function pickCaller(candidates: readonly CallerCandidate[], turn: number): CallerCandidate | undefined {
  if (candidates.length === 0) return undefined;
  return candidates[turn % candidates.length];
}

import type { CallAttempt } from '../../../src/domain/rules/rule.ts';

/** A call attempt at an instant written with its UTC offset, e.g. "2026-03-09T09:00-04:00". */
export function attemptAt(when: string | number, overrides: Partial<CallAttempt> = {}): CallAttempt {
  const nowMs = typeof when === 'number' ? when : Date.parse(when);
  if (Number.isNaN(nowMs)) throw new Error(`bad instant ${String(when)}`);
  return { nowMs, sdkAppId: 1400000000, calleeE164: '+8613800138000', callerE164: '+8610000000001', ...overrides };
}

import { EndStatus } from '../end-status.ts';
import { parseDialable } from '../phone-number.ts';
import { ADMIT, type OutboundRule } from './rule.ts';

/**
 * The app blacklist: numbers that must never be called. Entries may be written as E.164, TCCC's
 * 00-prefixed form or a national number; all are normalized to E.164 the way callees are.
 */
export function normalizeListedNumber(entry: string): string {
  const parsed = parseDialable(entry);
  if (parsed) return parsed.e164;
  // Not dialable (the config loader reports it); keep a plain form so it still matches itself.
  const compact = entry.trim().replace(/[ \-()]/g, '');
  return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
}

export function blacklistRule(entries: readonly string[]): OutboundRule {
  const listed = new Set(entries.map(normalizeListedNumber));
  return {
    name: 'blacklist',
    needs: () => [],
    check(attempt) {
      if (!listed.has(attempt.calleeE164)) return ADMIT;
      return {
        ok: false,
        rule: 'blacklist',
        code: 'FailedOperation.CalleeIsBlackUser',
        endStatus: EndStatus.blackList,
        message: `Callee ${attempt.calleeE164} is on the blacklist of app ${attempt.sdkAppId}; it must not be called.`,
      };
    },
  };
}

import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { EndStatus } from '../end-status.ts';
import { ADMIT, type OutboundRule } from './rule.ts';

/**
 * Blind areas: callees that may not be called by where they are. An entry is an E.164 prefix
 * ("+86852", or TCCC's "0086852") or an ISO 3166 region ("KP") resolved by libphonenumber; a
 * number whose region libphonenumber cannot tell (e.g. +1 with an unassigned area code) is only
 * caught by prefixes.
 */
export function blindAreaRule(areas: readonly string[]): OutboundRule {
  const prefixes = areas.filter((a) => !/^[A-Za-z]{2}$/.test(a)).map((a) => (a.startsWith('00') ? `+${a.slice(2)}` : a));
  const regions = new Set(areas.filter((a) => /^[A-Za-z]{2}$/.test(a)).map((a) => a.toUpperCase()));
  return {
    name: 'blindArea',
    needs: () => [],
    check(attempt) {
      const callee = attempt.calleeE164;
      let area = prefixes.find((p) => callee.startsWith(p));
      if (area === undefined && regions.size > 0) {
        const region = regionOf(callee);
        if (region !== undefined && regions.has(region)) area = region;
      }
      if (area === undefined) return ADMIT;
      return {
        ok: false,
        rule: 'blindArea',
        code: 'FailedOperation.CalloutRuleBlindArea',
        endStatus: EndStatus.restrictedArea,
        message: `Callee ${callee} is in blind area ${area} of app ${attempt.sdkAppId}.`,
      };
    },
  };
}

function regionOf(e164: string): string | undefined {
  try {
    return parsePhoneNumberFromString(e164)?.country;
  } catch {
    return undefined; // libphonenumber documents no throw here; a rule must never throw on input
  }
}

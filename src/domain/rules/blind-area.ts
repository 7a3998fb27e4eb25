import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { EndStatus } from '../end-status.ts';
import { cityKey, isSubdivisionCode, subdivisionOfRegion } from './cn-subdivisions.ts';
import { ADMIT, type CallAttempt, type OutboundRule } from './rule.ts';

/**
 * Blind areas: callees that may not be called by where they are. An entry is
 * - an E.164 prefix ("+86852", or TCCC's "0086852");
 * - an ISO 3166 region ("KP"), resolved by libphonenumber;
 * - a Chinese subdivision, ISO 3166-2 ("CN-XJ"), or a city in one ("CN-XJ:Urumchi"), resolved
 *   from the number's prefix by the geocoding data the app passes in as attempt.calleeArea
 *   (CN-HK, CN-MO and CN-TW are told by region).
 * A number the data cannot place is only caught by prefixes.
 */
export type BlindAreaKind = 'prefix' | 'region' | 'subdivision' | 'city';

/** Which form a (schema-valid) entry has. */
export function blindAreaKind(entry: string): BlindAreaKind {
  if (/^(\+|00)/.test(entry)) return 'prefix';
  if (/^[A-Za-z]{2}$/.test(entry)) return 'region';
  return entry.includes(':') ? 'city' : 'subdivision';
}

/** Splits "CN-XJ:Urumchi" into its subdivision and city. */
export function splitCityEntry(entry: string): { subdivision: string; city: string } {
  const colon = entry.indexOf(':');
  return { subdivision: entry.slice(0, colon), city: entry.slice(colon + 1).trim() };
}

export function blindAreaRule(areas: readonly string[]): OutboundRule {
  const prefixes = areas.filter((a) => blindAreaKind(a) === 'prefix').map((a) => (a.startsWith('00') ? `+${a.slice(2)}` : a));
  const regions = new Set(areas.filter((a) => blindAreaKind(a) === 'region').map((a) => a.toUpperCase()));
  const subdivisions = new Set(areas.filter((a) => blindAreaKind(a) === 'subdivision' && isSubdivisionCode(a)));
  const cities = new Map<string, string>(); // `${subdivision}:${cityKey}` -> the entry as written
  for (const a of areas.filter((e) => blindAreaKind(e) === 'city')) {
    const { subdivision, city } = splitCityEntry(a);
    cities.set(`${subdivision}:${cityKey(city)}`, a);
  }
  const geocoded = subdivisions.size > 0 || cities.size > 0;
  const wantsRegion = regions.size > 0 || geocoded;

  const areaOf = (attempt: CallAttempt): string | undefined => {
    const callee = attempt.calleeE164;
    const prefix = prefixes.find((p) => callee.startsWith(p));
    if (prefix !== undefined) return prefix;
    const region = wantsRegion ? regionOf(callee) : undefined;
    if (region !== undefined && regions.has(region)) return region;
    if (!geocoded) return undefined;
    // A missing area must not read as "nowhere": that would admit calls the rule exists to stop.
    if (attempt.calleeArea === undefined) throw new Error('rule blindArea needs the callee area (attempt.calleeArea) resolved');
    const area = attempt.calleeArea;
    const subdivision = area?.subdivision ?? subdivisionOfRegion(region);
    if (subdivision === undefined) return undefined;
    if (subdivisions.has(subdivision)) return subdivision;
    // A prefix the data gives several cities for is refused if any of them is a blind area: it may be there.
    for (const city of area?.cities ?? []) {
      const entry = cities.get(`${subdivision}:${cityKey(city)}`);
      if (entry !== undefined) return entry;
    }
    return undefined;
  };

  return {
    name: 'blindArea',
    needsCalleeArea: geocoded,
    needs: () => [],
    check(attempt) {
      const area = areaOf(attempt);
      if (area === undefined) return ADMIT;
      return {
        ok: false,
        rule: 'blindArea',
        code: 'FailedOperation.CalloutRuleBlindArea',
        endStatus: EndStatus.restrictedArea,
        message: `Callee ${attempt.calleeE164} is in blind area ${area} of app ${attempt.sdkAppId}.`,
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

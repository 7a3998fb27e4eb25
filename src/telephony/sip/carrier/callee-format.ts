// Numbers at the SIP edge: the callee as the trunk wants it in the Request-URI (`calleeFormat`),
// and an inbound Request-URI user part back to the E.164 the app's numbers are keyed by.
import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { parseDialable, toTcccForm } from '../../../domain/phone-number.ts';

/** e164 +8613800138000 · plus-less 8613800138000 · tccc 008613800138000 · national 13800138000. */
export type CalleeFormat = 'e164' | 'plus-less' | 'tccc' | 'national';

export const CALLEE_FORMATS: readonly CalleeFormat[] = ['e164', 'plus-less', 'tccc', 'national'];

/**
 * The Request-URI user for `e164` in the trunk's format. `national` is the number as dialled
 * inside its own country, digits only, trunk prefix included where the country uses one
 * (+861012345678 → 01012345678, +8613800138000 → 13800138000); a number libphonenumber cannot
 * place, or whose national form dials something else, falls back to plus-less: CN +8617900001000
 * nationally is 17900001000, which reads as the IP-call prefix 17900 followed by 001000.
 */
export function formatCallee(e164: string, format: CalleeFormat): string {
  const digits = e164.startsWith('+') ? e164.slice(1) : e164;
  switch (format) {
    case 'e164':
      return `+${digits}`;
    case 'plus-less':
      return digits;
    case 'tccc':
      return toTcccForm(`+${digits}`);
    case 'national': {
      const parsed = parsePhoneNumberFromString(`+${digits}`);
      const national = parsed ? parsed.formatNational().replace(/[^0-9]/g, '') : '';
      const country = parsed?.country;
      const readsBack = national.length > 0 && country !== undefined && parseDialable(national, country)?.e164 === `+${digits}`;
      return readsBack ? national : digits;
    }
  }
}

const VISUAL_SEPARATORS = /[-.() \t]/g; // RFC 3966 §3 visual-separator, plus spaces trunks send escaped

function percentDecoded(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function isValidE164(e164: string): boolean {
  return parsePhoneNumberFromString(e164)?.isValid() ?? false;
}

export interface NumberReading {
  /** Region for national forms, as for `apps[].numbers[].number` (default CN). */
  defaultRegion?: string;
  /** Our configured numbers: where bare digits read two ways, the reading that is ours wins. */
  isKnown?: (e164: string) => boolean;
}

/**
 * The E.164 number an inbound Request-URI user part names, so that 008610000000001,
 * +8610000000001, 8610000000001, +86-10-0000-0001 and `10000000001;phone-context=+86`
 * (RFC 3966 §5.1.5) all reach the same configured number. Normalised like `apps[].numbers[].number`
 * (parseDialable of domain/phone-number.ts). Bare digits are ambiguous between a national number
 * and plus-less international; the first of these wins: a reading `isKnown` accepts; international
 * when the digits start with the region's country code and that reading is valid; a valid national
 * reading; a valid international one; whichever parses. A user part that is no phone number
 * (`*97`, `alice`) comes back trimmed but unchanged, so it matches no number. Never throws.
 */
export function requestUriUserToNumber(user: string, reading: NumberReading = {}): string {
  const region = reading.defaultRegion ?? 'CN';
  const raw = percentDecoded(user).trim();
  const [numberPart = '', ...params] = raw.split(';');
  const compact = numberPart.replace(VISUAL_SEPARATORS, '');
  if (!/^\+?[0-9]{1,31}$/.test(compact)) return raw;
  if (compact.startsWith('+') || compact.startsWith('00')) return parseDialable(compact, region)?.e164 ?? raw;

  const context = params
    .map((p) => p.trim().split('='))
    .find(([name]) => name?.toLowerCase() === 'phone-context')?.[1]
    ?.replace(VISUAL_SEPARATORS, '');
  if (context && /^\+[0-9]{1,6}$/.test(context)) return parseDialable(`${context}${compact}`, region)?.e164 ?? raw;

  const national = parseDialable(compact, region)?.e164;
  const international = parseDialable(`+${compact}`, region)?.e164;
  const readings = [national, international].filter((r): r is string => r !== undefined);
  const known = reading.isKnown && readings.find((r) => safeKnown(reading.isKnown!, r));
  if (known) return known;
  const code = countryCallingCodeOf(region);
  if (international && code && compact.startsWith(code) && isValidE164(international)) return international;
  return readings.find(isValidE164) ?? readings[0] ?? raw;
}

function safeKnown(isKnown: (e164: string) => boolean, e164: string): boolean {
  try {
    return isKnown(e164);
  } catch {
    return false;
  }
}

function countryCallingCodeOf(region: string): string | undefined {
  try {
    return getCountryCallingCode(region as CountryCode);
  } catch {
    return undefined; // an unknown region: libphonenumber throws here
  }
}

import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Phone numbers as TCCC takes them: E.164 ("+8613800138000"), the 00-prefixed international
 * form TCCC's own examples use ("008613800138000"), or a national number in the app's region.
 * "Dialable" means possible per libphonenumber's length metadata: the seed's own example
 * callee (0086 123 0000 0000) is possible but not assigned, so validity would be too strict.
 */
export interface DialableNumber {
  e164: string;
  /** ISO 3166 region, when the number belongs to one. */
  region: string | undefined;
}

const MAX_INPUT = 32;

export function parseDialable(input: string, defaultRegion: string = 'CN'): DialableNumber | undefined {
  const raw = input.trim();
  if (raw.length === 0 || raw.length > MAX_INPUT || !/^\+?[0-9][0-9 \-()]*$/.test(raw)) return undefined;
  const compact = raw.replace(/[ \-()]/g, '');
  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  const parsed = parsePhoneNumberFromString(international, defaultRegion as CountryCode);
  if (!parsed || !parsed.isPossible()) return undefined;
  // A national form can yield an E.164 that libphonenumber itself reads back as another number
  // (CN "0110000000000" -> +86110000000000 -> +860000000): such a number has no stable identity.
  const again = parsePhoneNumberFromString(parsed.number);
  if (again?.number !== parsed.number) return undefined;
  return { e164: parsed.number, region: parsed.country };
}

/** The same number in TCCC's 00-prefixed form, e.g. "+8613800138000" -> "008613800138000". */
export function toTcccForm(e164: string): string {
  return e164.startsWith('+') ? `00${e164.slice(1)}` : e164;
}

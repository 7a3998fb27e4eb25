import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { parseGeocodedArea, type CalleeArea } from '../../domain/rules/cn-subdivisions.ts';
import { geocodingTable, type PrefixTable } from './geocoding-data.ts';

/**
 * Where a Chinese number is attributed, for the blind-area rule and CallerLocation. Only +86 is
 * geocoded to a subdivision (the table of ISO 3166-2 codes is China's); other numbers resolve to
 * null and are matched by prefix or region. The data loads on first use; `ready()` loads it
 * ahead so the first call does not wait for it.
 */
export class CalleeAreaResolver {
  private english: PrefixTable | null | undefined;
  private chinese: PrefixTable | null | undefined;

  async ready(): Promise<void> {
    this.english ??= await geocodingTable('86', 'en');
  }

  /** The callee's subdivision and cities, or null when the data cannot place the number. */
  async resolve(e164: string): Promise<CalleeArea | null> {
    const national = chineseNational(e164);
    if (national === undefined) return null;
    if (this.english === undefined) await this.ready();
    const description = this.english?.lookup(national);
    return description ? (parseGeocodedArea(description) ?? null) : null;
  }

  /** The number's location in Chinese as the data writes it ("新疆乌鲁木齐市", "广东省深圳市"), or "". */
  async location(e164: string): Promise<string> {
    const national = chineseNational(e164);
    if (national === undefined) return '';
    this.chinese ??= await geocodingTable('86', 'zh');
    return this.chinese?.lookup(national) ?? '';
  }
}

function chineseNational(e164: string): string | undefined {
  if (!e164.startsWith('+86')) return undefined;
  try {
    const parsed = parsePhoneNumberFromString(e164);
    return parsed?.countryCallingCode === '86' ? String(parsed.nationalNumber) : undefined;
  } catch {
    return undefined;
  }
}

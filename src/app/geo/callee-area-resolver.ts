import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { parseDialable } from '../../domain/phone-number.ts';
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
    await this.loadLocations();
    return this.locationNow(e164);
  }

  /** Loads the Chinese descriptions (about 200 ms and 15 MB, once), so locationNow answers. */
  async loadLocations(): Promise<void> {
    this.chinese ??= await geocodingTable('86', 'zh');
  }

  /** location() once loadLocations() has resolved; "" before, or when the data cannot place the number. */
  locationNow(e164: string): string {
    const national = chineseNational(e164);
    return national === undefined ? '' : (this.chinese?.lookup(national) ?? '');
  }

  /** TelCdrInfo.CallerLocation for the CDR reader: where the Caller number (in any dialable form) is attributed. */
  callerLocator(): CallerLocator {
    return {
      ready: () => this.loadLocations(),
      locate: (caller) => {
        const parsed = parseDialable(caller);
        return parsed ? this.locationNow(parsed.e164) : '';
      },
    };
  }
}

export interface CallerLocator {
  ready(): Promise<void>;
  locate(caller: string): string;
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

/**
 * The 34 provincial-level divisions of China with their ISO 3166-2:CN codes (the 2017 revision:
 * CN-HA Henan, CN-HE Hebei, CN-XZ Xizang ...). `geocoded` is the province name as Google's
 * libphonenumber geocoding data spells it in English (the last ", "-part of an "en" description,
 * e.g. "Urumchi, Xinjiang"); the municipalities appear alone ("Beijing"). Hong Kong, Macao and
 * Taiwan have calling codes of their own, so they are told by region (HK, MO, TW), not geocoded.
 */
export const CN_SUBDIVISIONS = [
  { code: 'CN-AH', geocoded: 'Anhui', zh: '安徽' },
  { code: 'CN-BJ', geocoded: 'Beijing', zh: '北京' },
  { code: 'CN-CQ', geocoded: 'Chongqing', zh: '重庆' },
  { code: 'CN-FJ', geocoded: 'Fujian', zh: '福建' },
  { code: 'CN-GD', geocoded: 'Guangdong', zh: '广东' },
  { code: 'CN-GS', geocoded: 'Gansu', zh: '甘肃' },
  { code: 'CN-GX', geocoded: 'Guangxi', zh: '广西' },
  { code: 'CN-GZ', geocoded: 'Guizhou', zh: '贵州' },
  { code: 'CN-HA', geocoded: 'Henan', zh: '河南' },
  { code: 'CN-HB', geocoded: 'Hubei', zh: '湖北' },
  { code: 'CN-HE', geocoded: 'Hebei', zh: '河北' },
  { code: 'CN-HI', geocoded: 'Hainan', zh: '海南' },
  { code: 'CN-HK', geocoded: 'Hong Kong', zh: '香港', region: 'HK' },
  { code: 'CN-HL', geocoded: 'Heilongjiang', zh: '黑龙江' },
  { code: 'CN-HN', geocoded: 'Hunan', zh: '湖南' },
  { code: 'CN-JL', geocoded: 'Jilin', zh: '吉林' },
  { code: 'CN-JS', geocoded: 'Jiangsu', zh: '江苏' },
  { code: 'CN-JX', geocoded: 'Jiangxi', zh: '江西' },
  { code: 'CN-LN', geocoded: 'Liaoning', zh: '辽宁' },
  { code: 'CN-MO', geocoded: 'Macau', zh: '澳门', region: 'MO' },
  { code: 'CN-NM', geocoded: 'Inner Mongolia', zh: '内蒙古' },
  { code: 'CN-NX', geocoded: 'Ningxia', zh: '宁夏' },
  { code: 'CN-QH', geocoded: 'Qinghai', zh: '青海' },
  { code: 'CN-SC', geocoded: 'Sichuan', zh: '四川' },
  { code: 'CN-SD', geocoded: 'Shandong', zh: '山东' },
  { code: 'CN-SH', geocoded: 'Shanghai', zh: '上海' },
  { code: 'CN-SN', geocoded: 'Shaanxi', zh: '陕西' },
  { code: 'CN-SX', geocoded: 'Shanxi', zh: '山西' },
  { code: 'CN-TJ', geocoded: 'Tianjin', zh: '天津' },
  { code: 'CN-TW', geocoded: 'Taiwan', zh: '台湾', region: 'TW' },
  { code: 'CN-XJ', geocoded: 'Xinjiang', zh: '新疆' },
  { code: 'CN-XZ', geocoded: 'Tibet', zh: '西藏' },
  { code: 'CN-YN', geocoded: 'Yunnan', zh: '云南' },
  { code: 'CN-ZJ', geocoded: 'Zhejiang', zh: '浙江' },
] as const;

export type SubdivisionCode = (typeof CN_SUBDIVISIONS)[number]['code'];

const byCode = new Map<string, (typeof CN_SUBDIVISIONS)[number]>(CN_SUBDIVISIONS.map((s) => [s.code, s]));
const byGeocoded = new Map<string, SubdivisionCode>(CN_SUBDIVISIONS.map((s) => [s.geocoded, s.code]));
const byRegion = new Map<string, SubdivisionCode>(CN_SUBDIVISIONS.flatMap((s) => ('region' in s ? [[s.region, s.code] as const] : [])));

export function isSubdivisionCode(code: string): code is SubdivisionCode {
  return byCode.has(code);
}

/** The code of a province as the geocoding data names it, e.g. "Xinjiang" -> CN-XJ. */
export function subdivisionOfProvince(geocodedName: string): SubdivisionCode | undefined {
  return byGeocoded.get(geocodedName);
}

/** CN-HK, CN-MO, CN-TW for the regions libphonenumber tells by calling code. */
export function subdivisionOfRegion(region: string | undefined): SubdivisionCode | undefined {
  return region === undefined ? undefined : byRegion.get(region);
}

/** Where a number is attributed, from the geocoding data. */
export interface CalleeArea {
  subdivision: SubdivisionCode;
  /** The cities the number's prefix is attributed to (several when the data lists "A/B/C"); [] when only the province is known. */
  cities: readonly string[];
}

/**
 * Reads an English geocoding description of a Chinese number: "Urumchi, Xinjiang",
 * "Shenyang/Tieling/Fushun, Liaoning", or a municipality alone ("Beijing"). Undefined when the
 * province is not one of the table's (the table test walks the data so this does not happen).
 */
export function parseGeocodedArea(description: string): CalleeArea | undefined {
  const comma = description.lastIndexOf(', ');
  const province = comma < 0 ? description : description.slice(comma + 2);
  const subdivision = subdivisionOfProvince(province);
  if (!subdivision) return undefined;
  const cities = comma < 0 ? [province] : description.slice(0, comma).split('/');
  return { subdivision, cities: cities.map((c) => c.trim()).filter((c) => c.length > 0) };
}

/** City names compare without case, spaces or punctuation: "XiAn", "Xi'an" and "xian" are one. */
export function cityKey(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

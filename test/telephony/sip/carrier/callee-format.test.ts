import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { getCountries, getExampleNumber } from 'libphonenumber-js';
import examples from 'libphonenumber-js/examples.mobile.json';
import { parseDialable } from '../../../../src/domain/phone-number.ts';
import { CALLEE_FORMATS, formatCallee, requestUriUserToNumber } from '../../../../src/telephony/sip/carrier/callee-format.ts';

test('formatCallee writes the four formats of issue 14', () => {
  assert.equal(formatCallee('+8613800138000', 'e164'), '+8613800138000');
  assert.equal(formatCallee('+8613800138000', 'plus-less'), '8613800138000');
  assert.equal(formatCallee('+8613800138000', 'tccc'), '008613800138000');
  assert.equal(formatCallee('+8613800138000', 'national'), '13800138000');
  // National keeps the trunk prefix a landline is dialled with inside the country.
  assert.equal(formatCallee('+861012345678', 'national'), '01012345678');
  assert.equal(formatCallee('+14155550100', 'national'), '4155550100');
  assert.equal(formatCallee('+442079460000', 'national'), '02079460000');
});

test('formatCallee falls back to plus-less when the national form dials another number (17900 is an IP-call prefix)', () => {
  assert.equal(formatCallee('+8617900001000', 'national'), '8617900001000');
  assert.equal(requestUriUserToNumber(formatCallee('+8617900001000', 'national')), '+8617900001000');
});

test('formatCallee falls back to plus-less for a number libphonenumber cannot place in national form', () => {
  assert.equal(formatCallee('+999123', 'national'), '999123');
  assert.equal(formatCallee('8613800138000', 'e164'), '+8613800138000');
});

test('requestUriUserToNumber: every form of 008610000000001 reaches the same E.164', () => {
  for (const user of [
    '008610000000001',
    '+8610000000001',
    '8610000000001',
    '+86-100-0000-0001',
    '+86 (100) 0000.0001',
    '0086 10000000001',
    '%2B8610000000001',
    '10000000001;phone-context=+86',
    '100-0000-0001;phone-context=+86',
    '+8610000000001;user=phone',
    '8610000000001;isub=123',
    '  +8610000000001  ',
  ])
    assert.equal(requestUriUserToNumber(user), '+8610000000001', user);
});

test('requestUriUserToNumber: national forms use the default region; phone-context as a domain is ignored', () => {
  assert.equal(requestUriUserToNumber('13800138000'), '+8613800138000');
  assert.equal(requestUriUserToNumber('01012345678'), '+861012345678');
  assert.equal(requestUriUserToNumber('4155550100', { defaultRegion: 'US' }), '+14155550100');
  assert.equal(requestUriUserToNumber('13800138000;phone-context=example.com'), '+8613800138000');
});

test('requestUriUserToNumber: what is not a phone number comes back trimmed and unchanged', () => {
  const cases: [string, string][] = [
    ['*97', '*97'],
    ['alice', 'alice'],
    [' bob ', 'bob'],
    ['', ''],
    ['+', '+'],
    ['12', '12'],
    ['%zz', '%zz'],
    ['1'.repeat(40), '1'.repeat(40)],
  ];
  for (const [user, out] of cases) assert.equal(requestUriUserToNumber(user), out, JSON.stringify(user));
  assert.equal(requestUriUserToNumber('13800138000', { defaultRegion: 'XX' }), '+13800138000', 'an unknown region reads international');
});

test('isKnown settles bare digits that read two ways; a throwing isKnown is ignored', () => {
  // 14155550100 is a valid CN reading (+86 141...) and a valid US one.
  assert.equal(requestUriUserToNumber('14155550100', { isKnown: (n) => n === '+14155550100' }), '+14155550100');
  assert.equal(
    requestUriUserToNumber('13800138000', {
      isKnown: () => {
        throw new Error('boom');
      },
    }),
    '+8613800138000',
  );
});

const countryExamples = getCountries()
  .map((c) => ({ country: c, e164: getExampleNumber(c, examples)?.number }))
  .filter((x): x is { country: (typeof x)['country']; e164: NonNullable<(typeof x)['e164']> } => x.e164 !== undefined);

test('every country: each calleeFormat reads back to the same number (in the number’s region)', () => {
  assert.ok(countryExamples.length > 200);
  for (const { country, e164 } of countryExamples)
    for (const f of CALLEE_FORMATS)
      assert.equal(requestUriUserToNumber(formatCallee(e164, f), { defaultRegion: country }), e164, `${country} ${e164} ${f}`);
});

test('every country: e164 and tccc read back on a CN trunk; plus-less too once the number is known', () => {
  for (const { e164 } of countryExamples) {
    assert.equal(requestUriUserToNumber(formatCallee(e164, 'e164')), e164);
    assert.equal(requestUriUserToNumber(formatCallee(e164, 'tccc')), e164);
    assert.equal(requestUriUserToNumber(formatCallee(e164, 'plus-less'), { isKnown: (n) => n === e164 }), e164);
  }
});

const cnNumber = fc.oneof(
  fc.stringMatching(/^1[3-9][0-9]{9}$/), // mobile
  fc.stringMatching(/^10[0-9]{8}$/), // Beijing landline
  fc.stringMatching(/^2[0-9][0-9]{8}$/),
);

test('property: a CN number in any form, with visual separators, normalises like the configured number', () => {
  const separator = fc.constantFrom('', '-', '.', ' ', '(', ')');
  fc.assert(
    fc.property(
      cnNumber,
      fc.constantFrom(...CALLEE_FORMATS),
      fc.array(separator, { minLength: 20, maxLength: 20 }),
      (national, f, seps) => {
        const configured = parseDialable(`+86${national}`);
        fc.pre(configured !== undefined);
        const e164 = configured!.e164;
        const user = formatCallee(e164, f);
        // Separators between digits (never before the leading + or 00).
        const spaced = [...user].map((ch, i) => (i > 1 ? seps[i % seps.length] + ch : ch)).join('');
        assert.equal(requestUriUserToNumber(user), e164, user);
        assert.equal(requestUriUserToNumber(spaced), e164, spaced);
      },
    ),
    { numRuns: 1000 },
  );
});

test('property: never throws; the result is E.164 or the trimmed input; normalising twice changes nothing', () => {
  const user = fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^(\+|00)?[0-9 \-.()]{0,24}(;[a-z-]{1,14}=[+0-9a-z.]{0,8})?$/));
  fc.assert(
    fc.property(user, fc.constantFrom('CN', 'US', 'DE', 'ZZ'), (u, region) => {
      const out = requestUriUserToNumber(u, { defaultRegion: region });
      if (/^\+[0-9]{2,}$/.test(out) && parseDialable(out)) assert.equal(requestUriUserToNumber(out, { defaultRegion: region }), out);
      else assert.ok(out === u.trim() || out === decodeURIComponentSafe(u).trim(), `${JSON.stringify(u)} -> ${out}`);
    }),
    { numRuns: 3000 },
  );
});

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

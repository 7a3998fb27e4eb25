import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CALLEE_PATTERN, compileCalleePattern } from '../../../src/telephony/sim/callee-pattern.ts';

const matches = (pattern: string, callee: string) => compileCalleePattern(pattern)(callee);

test('exact numbers, * for any run of digits (also none), ? for exactly one digit', () => {
  assert.ok(matches('+8613900000001', '+8613900000001'));
  assert.ok(!matches('+8613900000001', '+8613900000002'));
  assert.ok(!matches('+8613900000001', '+86139000000011'), 'no implicit suffix');
  assert.ok(matches('+86139000001*', '+8613900000123'));
  assert.ok(matches('+86139000001*', '+86139000001'), '* matches nothing too');
  assert.ok(!matches('+86139000001*', '+86139000002'));
  assert.ok(matches('+861390000000?', '+8613900000007'));
  assert.ok(!matches('+861390000000?', '+861390000000'), '? needs a digit');
  assert.ok(!matches('+861390000000?', '+86139000000012'));
  assert.ok(matches('+86*0001', '+8613900000001'), 'a star in the middle');
  assert.ok(matches('+*', '+1'));
  assert.ok(!matches('*', '+8613900000001'), 'a star never swallows the +');
  assert.ok(!matches('+86?', '+86#'), 'wildcards stand for digits only');
});

test('config patterns: a leading +, then digits and wildcards', () => {
  for (const ok of ['+8613900000001', '+86139*', '+86??9*', '+*']) assert.match(ok, CALLEE_PATTERN);
  for (const bad of ['8613900000001', '008613900000001', '+86 139', '+', '+86139[0-9]', '']) assert.doesNotMatch(bad, CALLEE_PATTERN);
});

const e164 = fc.stringMatching(/^\+[1-9][0-9]{4,14}$/);

test('property: a number used as its own pattern matches it, and no other number of another length', () => {
  fc.assert(
    fc.property(e164, e164, (n, other) => {
      assert.ok(matches(n, n));
      if (other.length !== n.length) assert.ok(!matches(n, other));
    }),
  );
});

test("property: prefix + '*' matches the prefix followed by any digits; '?' stands for any one digit", () => {
  fc.assert(
    fc.property(e164, fc.stringMatching(/^[0-9]{0,12}$/), fc.nat(), (n, tail, at) => {
      assert.ok(matches(`${n}*`, n + tail));
      const i = 1 + (at % (n.length - 1));
      assert.ok(matches(n.slice(0, i) + '?' + n.slice(i + 1), n));
    }),
  );
});

/** Reference semantics as an anchored RegExp: fine for small inputs, exponential for big ones. */
function oracle(pattern: string, callee: string): boolean {
  const re = [...pattern].map((c) => (c === '*' ? '\\d*' : c === '?' ? '\\d' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${re}$`, 'u').test(callee);
}

test('property: agrees with a RegExp reference on small patterns and numbers', () => {
  const pat = fc.string({ unit: fc.constantFrom('+', '1', '2', '*', '?'), maxLength: 8 });
  const num = fc.string({ unit: fc.constantFrom('+', '1', '2', 'a'), maxLength: 10 });
  fc.assert(
    fc.property(pat, num, (p, n) => matches(p, n) === oracle(p, n)),
    { numRuns: 2000 },
  );
});

test('property: never throws on arbitrary patterns and callees', () => {
  fc.assert(fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (p, n) => typeof matches(p, n) === 'boolean'));
});

test('many stars against a long number do not backtrack exponentially', () => {
  const started = performance.now();
  assert.ok(!matches(`+${'*'.repeat(40)}5`, `+${'1'.repeat(2000)}`));
  assert.ok(matches(`+${'*'.repeat(40)}5`, `+${'1'.repeat(2000)}5`));
  assert.ok(performance.now() - started < 2000);
});

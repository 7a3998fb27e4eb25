import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blindAreaRule } from '../../../src/domain/rules/blind-area.ts';
import { attemptAt } from './attempt.ts';

const check = (areas: string[], calleeE164: string) => blindAreaRule(areas).check(attemptAt('2026-05-05T10:00Z', { calleeE164 }), []);

test('by E.164 prefix: the prefix and everything under it, nothing beside it', () => {
  const areas = ['+86852', '+8610'];
  assert.equal(check(areas, '+868521234567').ok, false);
  assert.equal(check(areas, '+861012345678').ok, false);
  assert.equal(check(areas, '+8613800138000').ok, true);
  assert.equal(check(areas, '+85212345678').ok, true); // +852 is not +86852
  assert.equal(check(areas, '+86101').ok, false);
  assert.equal(check(areas, '+8611012345678').ok, true);
});

test("prefixes may be written in TCCC's 00 form", () => {
  assert.equal(check(['0086852'], '+868521234567').ok, false);
  assert.equal(check(['0086852'], '+8613800138000').ok, true);
});

test('by ISO region, resolved by libphonenumber, including regions that share +1', () => {
  assert.equal(check(['KP'], '+850212345678').ok, false);
  assert.equal(check(['HK'], '+85221234567').ok, false);
  assert.equal(check(['HK'], '+8613800138000').ok, true);
  assert.equal(check(['JM'], '+18765550100').ok, false); // Jamaica
  assert.equal(check(['JM'], '+14155550100').ok, true); // United States
  assert.equal(check(['US'], '+14155550100').ok, false);
  assert.equal(check(['US'], '+18765550100').ok, true);
});

test('a number without a known region is only caught by prefix', () => {
  assert.equal(check(['US'], '+12005550100').ok, true); // area code 200 is unassigned
  assert.equal(check(['US', '+1200'], '+12005550100').ok, false);
  assert.equal(check(['US'], '+80012345678').ok, true); // international freephone
});

test('the refusal names the area, with CalloutRuleBlindArea and EndStatus restrictedArea (110)', () => {
  const byRegion = check(['+8610', 'KP'], '+850212345678');
  assert.ok(!byRegion.ok);
  assert.deepEqual([byRegion.rule, byRegion.code, byRegion.endStatus], ['blindArea', 'FailedOperation.CalloutRuleBlindArea', 110]);
  assert.match(byRegion.message, /KP/);
  const byPrefix = check(['+8610', 'KP'], '+861012345678');
  assert.ok(!byPrefix.ok);
  assert.match(byPrefix.message, /\+8610/);
  assert.deepEqual(blindAreaRule(['KP']).needs(attemptAt(0)), []);
});

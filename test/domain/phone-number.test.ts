import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDialable, toTcccForm } from '../../src/domain/phone-number.ts';

test("TCCC's 00-prefixed form, E.164 and national numbers normalize to the same E.164", () => {
  assert.equal(parseDialable('008613800138000')?.e164, '+8613800138000');
  assert.equal(parseDialable('+8613800138000')?.e164, '+8613800138000');
  assert.equal(parseDialable('13800138000')?.e164, '+8613800138000');
  assert.equal(parseDialable('+1 (415) 555-0100')?.e164, '+14155550100');
  assert.equal(parseDialable('+8613800138000')?.region, 'CN');
});

test("the seed's example callee is dialable", () => {
  assert.equal(parseDialable('008612300000000')?.e164, '+8612300000000');
});

test('letters, too short, too long and empty are not dialable', () => {
  for (const bad of ['', 'abc', '0086123', '+1234', '1'.repeat(40), '+86 138 0013 8000 ext 5', '++8613800138000']) {
    assert.equal(parseDialable(bad), undefined, bad);
  }
});

test('property: never throws; whatever it accepts is E.164 and stable under re-parsing and the TCCC form', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\+?[0-9]{3,18}$/)), (s) => {
      const n = parseDialable(s);
      if (!n) return;
      assert.match(n.e164, /^\+[1-9][0-9]{3,16}$/);
      assert.equal(parseDialable(n.e164)?.e164, n.e164);
      assert.equal(parseDialable(toTcccForm(n.e164))?.e164, n.e164);
    }),
  );
});

test('a national form whose E.164 reads back as another number is not dialable (fast-check counterexample)', () => {
  assert.equal(parseDialable('0110000000000'), undefined);
});

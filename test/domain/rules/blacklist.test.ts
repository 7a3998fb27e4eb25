import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blacklistRule, normalizeListedNumber } from '../../../src/domain/rules/blacklist.ts';
import { attemptAt } from './attempt.ts';

const at = (calleeE164: string) => attemptAt('2026-05-05T10:00Z', { calleeE164 });

test('a listed callee is refused with CalleeIsBlackUser and EndStatus blackList (100)', () => {
  const v = blacklistRule(['+8613800138000']).check(at('+8613800138000'), []);
  assert.equal(v.ok, false);
  assert.ok(!v.ok);
  assert.equal(v.rule, 'blacklist');
  assert.equal(v.code, 'FailedOperation.CalleeIsBlackUser');
  assert.equal(v.endStatus, 100);
  assert.match(v.message, /\+8613800138000/);
});

test('entries in TCCC 00 form, with spaces, or national CN form match the E.164 callee', () => {
  for (const entry of ['008613800138000', '+86 138 0013 8000', '13800138000', '(+86) 138-0013-8000']) {
    assert.equal(normalizeListedNumber(entry), '+8613800138000', entry);
    assert.equal(blacklistRule([entry]).check(at('+8613800138000'), []).ok, false, entry);
  }
});

test('other numbers pass, including near misses one digit longer or shorter', () => {
  const rule = blacklistRule(['008613800138000', '+14155550100']);
  for (const callee of ['+8613800138001', '+861380013800', '+86138001380000', '+4415555010', '+8613900139000']) {
    assert.equal(rule.check(at(callee), []).ok, true, callee);
  }
  assert.equal(rule.check(at('+14155550100'), []).ok, false);
});

test('an undialable entry still matches itself and nothing else; the rule needs no counts', () => {
  assert.equal(normalizeListedNumber('0012'), '+12');
  const rule = blacklistRule(['0012']);
  assert.equal(rule.check(at('+12'), []).ok, false);
  assert.equal(rule.check(at('+1234567890'), []).ok, true);
  assert.deepEqual(rule.needs(at('+12')), []);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eligibleCallers, pickCaller } from '../../src/domain/number-selection.ts';

const numbers = [
  { number: '008610000000001', e164: '+8610000000001', callout: true, state: 'normal' },
  { number: '008610000000002', e164: '+8610000000002', callout: true, state: 'normal' },
  { number: '008610000000003', e164: '+8610000000003', callout: true, state: 'arrears' },
  { number: '008610000000004', e164: '+8610000000004', callout: false, state: 'normal' },
];

test('without Callers every usable call-out number is eligible; arrears and non-callout ones never', () => {
  assert.deepEqual(
    eligibleCallers(numbers).map((n) => n.number),
    ['008610000000001', '008610000000002'],
  );
});

test('Callers keep their order, match in any accepted form, and unusable ones drop out', () => {
  const got = eligibleCallers(numbers, ['+8610000000002', '008610000000003', 'junk', '008610000000001', '+8610000000002']);
  assert.deepEqual(
    got.map((n) => n.number),
    ['008610000000002', '008610000000001'],
  );
  assert.deepEqual(eligibleCallers(numbers, ['008610000000004']), []);
});

test('pickCaller rotates over the candidates', () => {
  const c = eligibleCallers(numbers);
  assert.deepEqual(
    [0, 1, 2, 3].map((t) => pickCaller(c, t)?.number),
    ['008610000000001', '008610000000002', '008610000000001', '008610000000002'],
  );
  assert.equal(pickCaller([], 0), undefined);
});

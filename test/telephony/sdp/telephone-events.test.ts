import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { commonEvents, formatEventList, parseEventList } from '../../../src/telephony/sdp/telephone-events.ts';

test('event lists: ranges and singles, malformed ones rejected', () => {
  assert.deepEqual([...parseEventList('0-3,7, 9')!], [0, 1, 2, 3, 7, 9]);
  for (const bad of ['', '5-2', '0-300', 'a-b', '1,,2', '-1']) assert.equal(parseEventList(bad), undefined, bad);
  assert.equal(formatEventList(new Set([16, 0, 1, 2, 5])), '0-2,5,16');
});

test('common events: ours are 0-16; no fmtp or an unreadable one means 0-15 (RFC 4733 §2.4.1)', () => {
  assert.equal(commonEvents('0-15'), '0-15');
  assert.equal(commonEvents('0-16'), '0-16');
  assert.equal(commonEvents('0-255'), '0-16');
  assert.equal(commonEvents('0-11,32-40'), '0-11');
  assert.equal(commonEvents(undefined), '0-15');
  assert.equal(commonEvents('junk'), '0-15');
  assert.equal(commonEvents('32-40'), '');
});

test('format ∘ parse is the identity on sets', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 40 }), (xs) => {
      assert.deepEqual(
        [...parseEventList(formatEventList(new Set(xs)))!].sort((a, b) => a - b),
        [...xs].sort((a, b) => a - b),
      );
    }),
  );
});

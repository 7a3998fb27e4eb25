import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { digitToEvent, eventToDigit, parseTelephoneEvent, writeTelephoneEvent } from '../../../src/telephony/rtp/rfc4733.ts';

test('payload: RFC 4733 §2.3 layout, byte for byte', () => {
  const buf = Buffer.alloc(4);
  writeTelephoneEvent(buf, { event: 5, end: true, volume: 10, duration: 800 });
  assert.deepEqual([...buf], [5, 0x8a, 0x03, 0x20]);
  assert.deepEqual(parseTelephoneEvent(buf, 0, 4), { event: 5, end: true, volume: 10, duration: 800 });
  // The reserved bit is ignored on receipt.
  assert.deepEqual(parseTelephoneEvent(Buffer.from([11, 0x40 | 7, 0xff, 0xff]), 0, 4), {
    event: 11,
    end: false,
    volume: 7,
    duration: 65535,
  });
});

test('payload: write/parse round trip at any offset; parsing random bytes never throws', () => {
  fc.assert(
    fc.property(
      fc.record({
        event: fc.integer({ min: 0, max: 255 }),
        end: fc.boolean(),
        volume: fc.integer({ min: 0, max: 63 }),
        duration: fc.integer({ min: 0, max: 0xffff }),
      }),
      fc.integer({ min: 0, max: 20 }),
      (ev, off) => {
        const buf = Buffer.alloc(off + 4);
        assert.equal(writeTelephoneEvent(buf, ev, off), off + 4);
        assert.deepEqual(parseTelephoneEvent(buf, off, 4), { ...ev });
      },
    ),
  );
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 8 }), fc.integer({ min: -4, max: 10 }), fc.integer({ min: 0, max: 10 }), (bytes, off, len) => {
      const r = parseTelephoneEvent(bytes, off, len);
      if (r) assert.ok(off >= 0 && off + 4 <= bytes.length && len >= 4);
    }),
  );
  assert.equal(parseTelephoneEvent(Buffer.alloc(3), 0, 3), null);
});

test('digit map: 0-9 * # A-D are events 0-15; others are not digits', () => {
  assert.equal([...Array(16).keys()].map((e) => eventToDigit(e)).join(''), '0123456789*#ABCD');
  assert.equal(eventToDigit(16), null);
  assert.equal(digitToEvent('#'), 11);
  assert.equal(digitToEvent('d'), 15);
  assert.equal(digitToEvent('x'), null);
  assert.equal(digitToEvent('12'), null);
});

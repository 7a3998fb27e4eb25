import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { seqAdd, seqDiff, seqNewer, SequenceExtender, tsAdd, tsDiff, tsNewer } from '../../../src/telephony/rtp/sequence.ts';

test('sequence comparisons wrap at 65536', () => {
  assert.equal(seqDiff(0, 65535), 1);
  assert.equal(seqDiff(65535, 0), -1);
  assert.equal(seqDiff(5, 5), 0);
  assert.equal(seqDiff(32768, 0), -32768);
  assert.ok(seqNewer(0, 65535));
  assert.ok(!seqNewer(65535, 0));
  assert.ok(!seqNewer(7, 7));
  assert.equal(seqAdd(65535, 2), 1);
});

test('timestamp comparisons wrap at 2^32', () => {
  assert.equal(tsDiff(80, 0xffffffb0), 160);
  assert.ok(tsNewer(80, 0xffffffb0));
  assert.ok(!tsNewer(0xffffffb0, 80));
  assert.equal(tsAdd(0xffffff00, 0x200), 0x100);
});

test('property: seqDiff inverts seqAdd for any distance under half the circle', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: -32768, max: 32767 }), (a, n) => {
      assert.equal(seqDiff(seqAdd(a, n), a), n);
      assert.equal(seqNewer(seqAdd(a, n), a), n > 0);
    }),
  );
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (a, n) => {
      assert.equal(tsDiff(tsAdd(a, n), a), n);
    }),
  );
});

test('SequenceExtender counts cycles across wrap-around and maps late packets below the newest', () => {
  const x = new SequenceExtender();
  const first = x.extend(65534);
  assert.equal(x.extend(65535), first + 1);
  assert.equal(x.extend(1), first + 3);
  assert.equal(x.extend(0), first + 2, 'late packet from before the wrap');
  assert.equal(x.extend(65533), first - 1, 'late packet from before the first');
  assert.equal(x.newest, first + 3);
  assert.ok(first - 1 >= 0);
});

test('property: the extender recovers a monotonic sequence fed with small reorderings', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffff }), fc.array(fc.integer({ min: -50, max: 100 }), { maxLength: 300 }), (start, jumps) => {
      const x = new SequenceExtender();
      const base = x.extend(start);
      let truth = 0;
      let newest = 0;
      for (const j of jumps) {
        truth = Math.max(truth + j, newest - 100);
        newest = Math.max(newest, truth);
        assert.equal(x.extend(seqAdd(start, truth)), base + truth);
      }
    }),
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ReceiveStats } from '../../../src/telephony/rtp/receive-stats.ts';
import { seqAdd, tsAdd } from '../../../src/telephony/rtp/sequence.ts';

/** Packets every 20 ms, 160 timestamp units apart, as a 20 ms PCMU stream. */
function stream(stats: ReceiveStats, seqs: number[], seq0: number, ts0: number, jitterMs: (i: number) => number = () => 0) {
  return seqs.map((k, i) => stats.update(seqAdd(seq0, k), tsAdd(ts0, k * 160), k * 20 + jitterMs(i)));
}

test('probation (A.1): a new source is valid after two sequential packets; the first is not counted', () => {
  const s = new ReceiveStats({ ssrc: 1 });
  assert.deepEqual(stream(s, [0, 1, 2, 3], 100, 0), [false, true, true, true]);
  assert.equal(s.received, 3);
  assert.equal(s.expected, 3);
  assert.equal(s.cumulativeLost, 0);
  const t = new ReceiveStats({ ssrc: 1 });
  assert.deepEqual(stream(t, [0, 5, 6, 7], 100, 0), [false, false, true, true], 'a jump restarts probation');
  const one = new ReceiveStats({ ssrc: 1, minSequential: 1 });
  assert.deepEqual(stream(one, [0, 1], 100, 0), [true, true]);
  assert.equal(one.expected, 2);
});

test('loss, reordering and duplication (A.3): expected from the extended highest, duplicates make loss negative', () => {
  const s = new ReceiveStats({ ssrc: 1, minSequential: 1 });
  stream(s, [0, 1, 2, 4, 3, 5, 8, 9], 10, 0); // 6, 7 lost; 3 late
  assert.equal(s.extendedHighestSeq, 19);
  assert.equal(s.expected, 10);
  assert.equal(s.received, 8);
  assert.equal(s.cumulativeLost, 2);
  const r1 = s.reportBlock(0);
  assert.equal(r1.fractionLost, Math.floor((2 * 256) / 10));
  assert.equal(r1.cumulativeLost, 2);
  assert.equal(r1.highestSeq, 19);
  stream(s, [10, 10, 10, 11], 10, 0); // duplicates
  assert.equal(s.cumulativeLost, 0);
  const r2 = s.reportBlock(0);
  assert.equal(r2.fractionLost, 0, 'more received than expected in the interval counts as no loss');
  assert.equal(r2.cumulativeLost, 0);
});

test('sequence wrap-around counts a cycle; a late packet from before the wrap does not', () => {
  const s = new ReceiveStats({ ssrc: 1, minSequential: 1 });
  stream(s, [0, 1, 2, 3, 5, 4, 6], 65532, 0xffffff00);
  assert.equal(s.extendedHighestSeq, 65536 + 2);
  assert.equal(s.expected, 7);
  assert.equal(s.cumulativeLost, 0);
});

test('a big jump is dropped once, and two sequential packets after it resync the source (A.1)', () => {
  const s = new ReceiveStats({ ssrc: 1, minSequential: 1 });
  stream(s, [0, 1, 2], 0, 0);
  assert.equal(s.update(40000, 0, 100), false);
  assert.equal(s.update(40001, 160, 120), true);
  assert.equal(s.received, 1);
  assert.equal(s.expected, 1);
  assert.equal(s.update(40002, 320, 140), true);
  assert.equal(s.expected, 2);
});

test('jitter (A.8): zero for a perfect stream, ~mean |D| for alternating delay, in timestamp units and ms', () => {
  const s = new ReceiveStats({ ssrc: 1, minSequential: 1 });
  stream(s, [...Array(100).keys()], 0, 0xfffff000);
  assert.equal(s.jitter, 0);
  const t = new ReceiveStats({ ssrc: 1, minSequential: 1 });
  // Arrivals alternate 0 / +5 ms, so |D| = 5 ms = 40 units every packet: J converges to 40.
  stream(t, [...Array(400).keys()], 0, 0xfffff000, (i) => (i % 2 ? 5 : 0));
  assert.ok(Math.abs(t.jitter - 40) < 0.01, `${t.jitter}`);
  assert.ok(Math.abs(t.jitterMs - 5) < 0.01);
  assert.equal(t.reportBlock(0).jitter, 39, 'integer part, rounded down');
});

test('LSR / DLSR from the last SR (§6.4.1)', () => {
  const s = new ReceiveStats({ ssrc: 1, minSequential: 1 });
  assert.equal(s.reportBlock(0).lsr, 0);
  s.onSenderReport(0x12345678, 0x9abcdef0, 1000);
  const r = s.reportBlock(1500);
  assert.equal(r.lsr, 0x56789abc);
  assert.equal(r.dlsr, 32768);
});

test('property: random loss, duplication and local reordering keep A.3 arithmetic exact', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 0xffff }),
      fc.array(fc.constantFrom('ok', 'lost', 'dup', 'swap'), { minLength: 2, maxLength: 400 }),
      (seq0, ops) => {
        const s = new ReceiveStats({ ssrc: 1, minSequential: 1 });
        const sent: number[] = [];
        ops.forEach((op, k) => {
          if (op === 'ok' || op === 'swap') sent.push(k);
          if (op === 'dup') sent.push(k, k);
          if (op === 'swap' && sent.length > 2) [sent[sent.length - 1], sent[sent.length - 2]] = [sent.at(-2)!, sent.at(-1)!];
        });
        if (sent.length === 0) return;
        stream(s, sent, seq0, 0);
        const first = sent[0]!;
        const highest = Math.max(...sent);
        // Packets before the first one received are outside the base (A.1 counts them as received, not expected).
        assert.equal(s.expected, highest - first + 1);
        assert.equal(s.received, sent.length);
        assert.equal(s.extendedHighestSeq - ((seq0 + first) & 0xffff), highest - first);
      },
    ),
  );
});

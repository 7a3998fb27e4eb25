import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { JitterBuffer } from '../../../src/telephony/rtp/jitter-buffer.ts';
import { seqAdd, tsAdd } from '../../../src/telephony/rtp/sequence.ts';

const SEQ0 = 65530;
const TS0 = 0xfffffc00;

function frame(k: number): Uint8Array {
  return Uint8Array.from({ length: 160 }, (_, i) => (k + i) & 0xff);
}

function push(jb: JitterBuffer, k: number, nowMs: number) {
  return jb.push(seqAdd(SEQ0, k), tsAdd(TS0, k * 160), k === 0, frame(k), 0, 160, nowMs);
}

/** Pulls `ticks` times from `t0` every 20 ms; frames as their index k, others as their kind. */
function play(jb: JitterBuffer, t0: number, ticks: number): (number | string)[] {
  const out = new Uint8Array(480);
  const got: (number | string)[] = [];
  for (let i = 0; i < ticks; i++) {
    const r = jb.pull(t0 + i * 20, out);
    if (r.kind !== 'frame') got.push(r.kind);
    else {
      const k = ((r.sequence - SEQ0) & 0xffff) as number;
      assert.equal(r.timestamp, tsAdd(TS0, k * 160));
      assert.deepEqual(out.subarray(0, r.length), frame(k));
      got.push(k);
    }
  }
  return got;
}

test('in order, no jitter: frames play one per tick across the sequence wrap', () => {
  const jb = new JitterBuffer();
  assert.equal(jb.pull(0, new Uint8Array(480)).kind, 'idle');
  const got: (number | string)[] = [];
  for (let k = 0; k < 10; k++) {
    push(jb, k, k * 20);
    got.push(...play(jb, k * 20 + 1, 1));
  }
  assert.deepEqual(got, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(jb.targetDelayMs, 20);
});

test('reordering is undone, duplicates and late packets are dropped and counted, a missing frame is lost', () => {
  const jb = new JitterBuffer({ minDelayMs: 40 });
  for (const k of [0, 2, 1, 1, 4, 5]) push(jb, k, 0);
  assert.equal(jb.stats.duplicates, 1);
  assert.deepEqual(play(jb, 0, 4), [0, 1, 2, 'lost']);
  assert.equal(push(jb, 3, 80), 'late');
  assert.deepEqual(play(jb, 80, 3), [4, 5, 'underrun']);
  assert.equal(push(jb, 6, 140), 'queued');
  assert.deepEqual(play(jb, 140, 1), [6]);
  assert.deepEqual(
    { ...jb.stats },
    { queued: 6, played: 6, late: 1, duplicates: 1, lost: 1, underruns: 1, skipped: 0, resets: 0, tooLarge: 0 },
  );
});

test('playout waits for the target depth, or for the target delay when only one packet came', () => {
  const jb = new JitterBuffer({ minDelayMs: 60 });
  push(jb, 0, 0);
  assert.deepEqual(play(jb, 0, 3), ['underrun', 'underrun', 'underrun']);
  assert.deepEqual(play(jb, 60, 1), [0]);
  const jb2 = new JitterBuffer({ minDelayMs: 60 });
  for (const k of [0, 1, 2]) push(jb2, k, k);
  assert.deepEqual(play(jb2, 10, 3), [0, 1, 2]);
});

test('depth adapts: jitter raises the target up to maxDelay; when it calms, frames are skipped to shrink it', () => {
  const jb = new JitterBuffer({ minDelayMs: 20, maxDelayMs: 100 });
  let seed = 1;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let k = 0; k < 200; k++) push(jb, k, k * 20 + rand() * 200);
  assert.ok(jb.jitter > 10, `jitter ${jb.jitter}`);
  assert.equal(jb.targetDelayMs, 100, 'bounded by maxDelay');
  const calm = new JitterBuffer({ minDelayMs: 20, maxDelayMs: 100 });
  // 8 frames arrive at once (a burst after a stall), then the stream runs smoothly.
  for (let k = 0; k < 8; k++) push(calm, k, 0);
  const out = new Uint8Array(480);
  for (let k = 8, t = 0; k < 300; k++, t += 20) {
    push(calm, k, t);
    calm.pull(t + 5, out);
  }
  assert.ok(calm.stats.skipped >= 5, `skipped ${calm.stats.skipped}`);
  assert.ok(calm.depthFrames <= calm.targetFrames + 1, `depth ${calm.depthFrames}`);
});

test('a sequence jump beyond the ring restarts the buffer; oversize payloads are refused', () => {
  const jb = new JitterBuffer();
  push(jb, 0, 0);
  play(jb, 0, 1);
  assert.equal(push(jb, 1000, 20), 'reset');
  assert.deepEqual(play(jb, 20, 1), [1000]);
  assert.equal(jb.push(1, 0, false, new Uint8Array(481), 0, 481, 0), 'tooLarge');
});

test('property: random delay, loss and duplication — frames play once each, in order, and every packet is accounted for', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ delay: fc.integer({ min: 0, max: 120 }), lost: fc.boolean(), dup: fc.boolean() }), {
        minLength: 1,
        maxLength: 150,
      }),
      (pkts) => {
        const jb = new JitterBuffer({ minDelayMs: 20, maxDelayMs: 100 });
        const arrivals = pkts
          .flatMap((p, k) =>
            p.lost
              ? []
              : p.dup
                ? [
                    { k, at: k * 20 + p.delay },
                    { k, at: k * 20 + p.delay + 7 },
                  ]
                : [{ k, at: k * 20 + p.delay }],
          )
          .sort((a, b) => a.at - b.at);
        const out = new Uint8Array(480);
        const played: number[] = [];
        let i = 0;
        for (let t = 0; t < pkts.length * 20 + 400; t += 20) {
          while (i < arrivals.length && arrivals[i]!.at <= t) push(jb, arrivals[i]!.k, arrivals[i++]!.at);
          const r = jb.pull(t, out);
          if (r.kind === 'frame') played.push((r.sequence - SEQ0) & 0xffff);
        }
        for (let j = 1; j < played.length; j++) assert.ok(played[j]! > played[j - 1]!, 'strictly increasing');
        const sent = new Set(arrivals.map((a) => a.k));
        const s = jb.stats;
        assert.equal(s.queued + s.duplicates + s.late, arrivals.length, 'every arrival is queued, a duplicate or late');
        assert.ok(s.queued <= sent.size);
        assert.ok(
          played.every((k) => sent.has(k)),
          'only frames that were sent',
        );
        assert.equal(played.length, s.played);
        // Everything queued is played or skipped by the end (the run drains the buffer).
        assert.ok(s.played + s.skipped >= s.queued, `played ${s.played} skipped ${s.skipped} queued ${s.queued}`);
        if (arrivals.length > 0) assert.ok(played.length > 0);
      },
    ),
  );
});

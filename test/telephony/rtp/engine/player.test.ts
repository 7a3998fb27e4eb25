import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { g711Encode } from '../../../../src/telephony/rtp/g711.ts';
import { Player, type PlaybackEndReason } from '../../../../src/telephony/rtp/engine/player.ts';
import { encodePrompt } from '../../../../src/telephony/rtp/engine/prompt-frames.ts';

test('encodePrompt: both laws, whole frames, silence-padded, shared memory', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 1000 }), (xs) => {
      const pcm = Int16Array.from(xs);
      const p = encodePrompt(pcm);
      assert.equal(p.frameCount, Math.ceil(xs.length / 160));
      assert.ok(p.pcmu.buffer instanceof SharedArrayBuffer);
      const padded = new Int16Array(p.frameCount * 160);
      padded.set(pcm);
      const u = new Uint8Array(padded.length);
      const a = new Uint8Array(padded.length);
      g711Encode('pcmu', padded, u);
      g711Encode('pcma', padded, a);
      assert.deepEqual(Buffer.from(p.pcmu), Buffer.from(u));
      assert.deepEqual(Buffer.from(p.pcma), Buffer.from(a));
    }),
  );
});

function harness() {
  const done: [string, PlaybackEndReason][] = [];
  const player = new Player('pcmu', (id, r) => done.push([id, r]));
  const out = Buffer.alloc(172);
  /** One tick: the frame's first payload byte, or null when idle. */
  const tick = () => {
    const had = player.nextFrame(out, 12);
    if (had) player.afterSend();
    return had ? out[12]! : null;
  };
  return { done, player, tick };
}

const promptOf = (frames: number, base: number) => {
  const pcm = new Int16Array(frames * 160);
  for (let f = 0; f < frames; f++) pcm.fill(base + f * 1000, f * 160, (f + 1) * 160);
  return encodePrompt(pcm);
};

test('queue plays prompts in order; playbackDone after the last frame is sent', () => {
  const { done, player, tick } = harness();
  const a = promptOf(2, 100);
  const b = promptOf(1, 9000);
  player.play('a', a);
  player.play('b', b);
  const bytes = [tick(), tick()];
  assert.deepEqual(done, [['a', 'finished']]);
  bytes.push(tick());
  assert.deepEqual(done, [
    ['a', 'finished'],
    ['b', 'finished'],
  ]);
  assert.equal(tick(), null);
  assert.deepEqual(bytes, [a.pcmu[0], a.pcmu[160], b.pcmu[0]]);
});

test('two players read one prompt at their own offsets', () => {
  const p = promptOf(3, 0);
  const h1 = harness();
  const h2 = harness();
  h1.player.play('x', p);
  h1.tick();
  h2.player.play('x', p);
  assert.deepEqual([h1.tick(), h2.tick()], [p.pcmu[160], p.pcmu[0]]);
});

test('bargeIn cuts only barge-in prompts, at once; stop drops the queue', () => {
  const { done, player, tick } = harness();
  player.play('nb', promptOf(2, 0));
  assert.equal(player.bargeIn(), false);
  tick();
  player.stop();
  assert.deepEqual(done, [['nb', 'stopped']]);
  player.play('b1', promptOf(5, 0), { bargeIn: true });
  player.play('b2', promptOf(5, 0), { bargeIn: true });
  player.play('after', promptOf(1, 0));
  tick();
  assert.equal(player.bargeIn(), true);
  assert.deepEqual(done.slice(1), [
    ['b1', 'bargeIn'],
    ['b2', 'bargeIn'],
  ]);
  assert.equal(player.currentId, 'after');
});

test('frames are copied whole, on word-aligned and unaligned packet buffers alike, and nothing around them is touched', () => {
  const pcm = new Int16Array(3 * 160);
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(9000 * Math.sin(i / 3));
  const p = encodePrompt(pcm);
  for (const at of [12, 13]) {
    for (const law of ['pcmu', 'pcma'] as const) {
      const player = new Player(law, () => {});
      const out = Buffer.alloc(at + 161, 0x55);
      player.play('x', p);
      for (let f = 0; f < 3; f++) {
        assert.equal(player.nextFrame(out, at), true);
        assert.deepEqual(out.subarray(at, at + 160), Buffer.from(p[law].subarray(f * 160, (f + 1) * 160)), `${law} frame ${f} at ${at}`);
        assert.equal(out[at - 1], 0x55);
        assert.equal(out[at + 160], 0x55);
      }
      assert.equal(player.nextFrame(out, at), false);
    }
  }
});

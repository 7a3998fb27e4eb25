import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeFrame, FrameDecoder, MAX_PAYLOAD_BYTES, type Frame } from '../../../src/media/tts/plugin-frames.ts';

const simple = (frames: Frame[]) => frames.map((f) => ({ header: f.header, payload: [...f.payload] }));

test('a frame round-trips: header object and binary payload', () => {
  const payload = new Uint8Array([0, 1, 2, 255]);
  const r = new FrameDecoder().push(encodeFrame({ id: 7, ok: true, text: '感谢' }, payload));
  assert.equal(r.failure, undefined);
  assert.deepEqual(simple(r.frames), [{ header: { id: 7, ok: true, text: '感谢' }, payload: [0, 1, 2, 255] }]);
});

test('partial reads: a frame fed one byte at a time comes out once, when its last byte arrives', () => {
  const bytes = encodeFrame({ id: 1, type: 'synthesize', text: 'Thank you' }, new Uint8Array(300).fill(9));
  const d = new FrameDecoder();
  for (let i = 0; i < bytes.length - 1; i++) {
    const r = d.push(bytes.subarray(i, i + 1));
    assert.equal(r.failure, undefined);
    assert.equal(r.frames.length, 0, `no frame after ${i + 1} bytes`);
  }
  const last = d.push(bytes.subarray(bytes.length - 1));
  assert.equal(last.failure, undefined);
  assert.equal(last.frames.length, 1);
  assert.equal(last.frames[0]!.payload.length, 300);
  assert.equal(d.pendingBytes, 0);
});

test('several frames in one chunk, and a chunk that ends inside the next frame', () => {
  const a = encodeFrame({ id: 1 });
  const b = encodeFrame({ id: 2 }, new Uint8Array([1, 2]));
  const c = encodeFrame({ id: 3 }, new Uint8Array([3]));
  const d = new FrameDecoder();
  const first = d.push(Buffer.concat([a, b, c.subarray(0, 5)]));
  assert.equal(first.failure, undefined);
  assert.deepEqual(
    first.frames.map((f) => f.header.id),
    [1, 2],
  );
  assert.equal(d.pendingBytes, 5);
  const rest = d.push(c.subarray(5));
  assert.equal(rest.failure, undefined);
  assert.deepEqual(simple(rest.frames), [{ header: { id: 3 }, payload: [3] }]);
});

test('a length over the cap breaks the stream for good', () => {
  const bad = Buffer.alloc(8);
  bad.writeUInt32BE(2, 0);
  bad.writeUInt32BE(MAX_PAYLOAD_BYTES + 1, 4);
  const d = new FrameDecoder();
  const r = d.push(Buffer.concat([encodeFrame({ id: 1 }), bad]));
  assert.ok(r.failure);
  assert.deepEqual(
    r.frames.map((f) => f.header.id),
    [1],
    'the frame before the break still counts',
  );
  const after = d.push(encodeFrame({ id: 2 }));
  assert.ok(after.failure);
  assert.equal(after.frames.length, 0, 'no frame is trusted after a broken length');
});

test('a header that is not a JSON object is a failure, not a throw', () => {
  for (const text of ['nope', '[1,2]', 'null', '42']) {
    const json = Buffer.from(text);
    const frame = Buffer.concat([Buffer.from([0, 0, 0, json.length, 0, 0, 0, 0]), json]);
    const r = new FrameDecoder().push(frame);
    assert.ok(r.failure, text);
  }
});

test('property: any bytes, cut anywhere, never make the decoder throw', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (chunks) => {
      const d = new FrameDecoder();
      for (const c of chunks) d.push(Buffer.from(c));
    }),
  );
});

test('property: frames split at arbitrary points decode to the frames sent, in order', () => {
  const header = fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxKeys: 4 });
  const frame = fc.record({ header, payload: fc.uint8Array({ maxLength: 40 }) });
  fc.assert(
    fc.property(fc.array(frame, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 10 }), (frames, cuts) => {
      const bytes = Buffer.concat(frames.map((f) => encodeFrame(f.header, f.payload)));
      const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
      const d = new FrameDecoder();
      const out: Frame[] = [];
      let from = 0;
      for (const to of [...points, bytes.length]) {
        const r = d.push(bytes.subarray(from, to));
        assert.equal(r.failure, undefined);
        out.push(...r.frames);
        from = to;
      }
      assert.deepEqual(
        simple(out),
        frames.map((f) => ({ header: JSON.parse(JSON.stringify(f.header)), payload: [...f.payload] })),
      );
    }),
  );
});

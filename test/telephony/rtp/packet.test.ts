import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import rtpjs from 'rtp.js';
import { parseRtp, RtpView, writeRtpHeader, RTP_HEADER_LENGTH } from '../../../src/telephony/rtp/packet.ts';

/** rtp.js throws on invalid input; the oracle returns null instead. */
function oracle(bytes: Uint8Array): InstanceType<typeof rtpjs.packets.RtpPacket> | null {
  try {
    return new rtpjs.packets.RtpPacket(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch {
    return null;
  }
}

const validPacket = fc.record({
  marker: fc.boolean(),
  payloadType: fc.integer({ min: 0, max: 127 }),
  sequence: fc.integer({ min: 0, max: 0xffff }),
  timestamp: fc.integer({ min: 0, max: 0xffffffff }),
  ssrc: fc.integer({ min: 0, max: 0xffffffff }),
  csrcs: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 15 }),
  // A non-RFC 8285 profile, so rtp.js keeps the extension opaque as we do.
  extension: fc.option(fc.record({ profile: fc.integer({ min: 0, max: 0x0fff }), words: fc.integer({ min: 0, max: 4 }) })),
  payload: fc.uint8Array({ maxLength: 200 }),
  padding: fc.integer({ min: 0, max: 255 }),
});
type Gen = typeof validPacket extends fc.Arbitrary<infer T> ? T : never;

function build(g: Gen): Uint8Array {
  const extLen = g.extension ? 4 + g.extension.words * 4 : 0;
  const len = RTP_HEADER_LENGTH + 4 * g.csrcs.length + extLen + g.payload.length + g.padding;
  const buf = Buffer.alloc(len, 0xa5);
  writeRtpHeader(buf, g);
  buf[0] = 0x80 | (g.padding ? 0x20 : 0) | (g.extension ? 0x10 : 0) | g.csrcs.length;
  let pos = RTP_HEADER_LENGTH;
  for (const c of g.csrcs) pos = buf.writeUInt32BE(c, pos);
  if (g.extension) {
    pos = buf.writeUInt16BE(g.extension.profile, pos);
    pos = buf.writeUInt16BE(g.extension.words, pos);
    pos += g.extension.words * 4;
  }
  buf.set(g.payload, pos);
  if (g.padding) buf[len - 1] = g.padding;
  return buf;
}

test('valid packets: every field agrees with the generator and with rtp.js', () => {
  const view = new RtpView();
  fc.assert(
    fc.property(validPacket, (g) => {
      const bytes = build(g);
      const ours = parseRtp(bytes, view);
      const ref = oracle(bytes);
      assert.ok(ours && ref);
      assert.equal(ours.marker, g.marker);
      assert.equal(ours.marker, ref.getMarker());
      assert.equal(ours.payloadType, ref.getPayloadType());
      assert.equal(ours.sequence, ref.getSequenceNumber());
      assert.equal(ours.timestamp, ref.getTimestamp());
      assert.equal(ours.ssrc, ref.getSsrc());
      assert.equal(ours.sequence, g.sequence);
      assert.equal(ours.timestamp, g.timestamp);
      assert.equal(ours.ssrc, g.ssrc);
      assert.deepEqual(
        Array.from({ length: ours.csrcCount }, (_, i) => ours.csrc(bytes, i)),
        ref.getCsrcs(),
      );
      assert.equal(ours.padding, g.padding > 0);
      assert.equal(ours.paddingLength, ref.getPadding());
      assert.equal(ours.extension, g.extension !== null);
      assert.equal(ours.extensionProfile, g.extension?.profile ?? 0);
      assert.equal(ours.extensionLength, (g.extension?.words ?? 0) * 4);
      const payload = ref.getPayload();
      assert.equal(ours.payloadLength, payload.byteLength);
      assert.equal(ours.payloadOffset, payload.byteOffset - bytes.byteOffset);
      assert.deepEqual(bytes.subarray(ours.payloadOffset, ours.payloadOffset + ours.payloadLength), Buffer.from(g.payload));
    }),
    { numRuns: 2000 },
  );
});

test('random bytes never throw, and what we accept rtp.js accepts with the same fields', () => {
  const view = new RtpView();
  const bytesArb = fc.oneof(
    fc.uint8Array({ maxLength: 80 }),
    // Mostly-valid first byte, so the deeper checks are reached often.
    fc
      .tuple(fc.integer({ min: 0x80, max: 0xbf }), fc.uint8Array({ minLength: 11, maxLength: 80, size: 'max' }))
      .map(([b0, rest]) => Uint8Array.from([b0, ...rest])),
  );
  let accepted = 0;
  fc.assert(
    fc.property(bytesArb, (bytes) => {
      const ours = parseRtp(bytes, view);
      if (!ours) return;
      accepted++;
      const ref = oracle(bytes);
      // rtp.js also parses RFC 8285 elements (profiles 0xBEDE, 0x100x) and rejects bad ones; we keep them opaque.
      const rfc8285 = ours.extension && (ours.extensionProfile === 0xbede || ours.extensionProfile >> 4 === 0x100);
      if (!ref) return assert.ok(rfc8285, 'rtp.js rejected a packet we accepted');
      assert.equal(ours.sequence, ref.getSequenceNumber());
      assert.equal(ours.payloadLength, ref.getPayload().byteLength);
    }),
    { numRuns: 20000 },
  );
  assert.ok(accepted > 100, `only ${accepted} random packets were valid`);
});

test('invalid packets return null', () => {
  const view = new RtpView();
  const ok = Buffer.alloc(20);
  writeRtpHeader(ok, { marker: false, payloadType: 0, sequence: 1, timestamp: 2, ssrc: 3 });
  assert.ok(parseRtp(ok, view));
  assert.equal(parseRtp(ok.subarray(0, 11), view), null, 'shorter than the fixed header');
  assert.equal(parseRtp(Buffer.from([0x40, ...ok.subarray(1)]), view), null, 'version 1');
  const bare = ok.subarray(0, 14);
  assert.equal(parseRtp(Buffer.from([0x81, ...bare.subarray(1)]), view), null, 'CSRC list runs past the end');
  assert.equal(parseRtp(Buffer.from([0x90, ...bare.subarray(1)]), view), null, 'extension header runs past the end');
  assert.equal(
    parseRtp(Buffer.from([0x90, ...ok.subarray(1, 12), 0, 0, 0, 2, 1, 2, 3, 4]), view),
    null,
    'extension data runs past the end',
  );
  const pad = Buffer.from(ok);
  pad[0] = 0xa0;
  pad[19] = 0;
  assert.equal(parseRtp(pad, view), null, 'padding count 0');
  pad[19] = 9;
  assert.equal(parseRtp(pad, view), null, 'padding longer than the payload room');
  pad[19] = 8;
  assert.equal(parseRtp(pad, view)?.payloadLength, 0);
  assert.equal(parseRtp(ok, view, 40), null, 'length beyond the buffer');
});

test('writeRtpHeader: rtp.js reads back what we write, fields masked to their widths', () => {
  fc.assert(
    fc.property(
      fc.record({
        marker: fc.boolean(),
        payloadType: fc.integer({ min: 0, max: 127 }),
        sequence: fc.integer({ min: 0, max: 0xffff }),
        timestamp: fc.integer({ min: 0, max: 0xffffffff }),
        ssrc: fc.integer({ min: 0, max: 0xffffffff }),
      }),
      fc.integer({ min: 0, max: 16 }),
      (h, offset) => {
        const buf = Buffer.alloc(offset + 12 + 160);
        assert.equal(writeRtpHeader(buf, h, offset), offset + 12);
        const ref = oracle(buf.subarray(offset));
        assert.ok(ref);
        assert.deepEqual(
          [ref.getMarker(), ref.getPayloadType(), ref.getSequenceNumber(), ref.getTimestamp(), ref.getSsrc(), ref.getPayload().byteLength],
          [h.marker, h.payloadType, h.sequence, h.timestamp, h.ssrc, 160],
        );
      },
    ),
  );
  const buf = Buffer.alloc(12);
  writeRtpHeader(buf, { marker: false, payloadType: 0x80 | 8, sequence: 0x10005, timestamp: 2 ** 32 + 7, ssrc: -1 });
  assert.deepEqual([...buf], [0x80, 8, 0, 5, 0, 0, 0, 7, 255, 255, 255, 255]);
});

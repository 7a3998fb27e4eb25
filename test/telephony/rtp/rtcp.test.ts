import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ntpFromUnixMs,
  writeBye,
  writeCompound,
  writeReceiverReport,
  writeSdesCname,
  writeSenderReport,
  type ReportBlock,
} from '../../../src/telephony/rtp/rtcp.ts';
import { parseRtcp } from '../../../src/telephony/rtp/rtcp-parser.ts';

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const reportArb: fc.Arbitrary<ReportBlock> = fc.record({
  ssrc: u32,
  fractionLost: fc.integer({ min: 0, max: 255 }),
  cumulativeLost: fc.integer({ min: -0x800000, max: 0x7fffff }),
  highestSeq: u32,
  jitter: u32,
  lsr: u32,
  dlsr: u32,
});

test('SR with one report block: RFC 3550 §6.4.1 layout', () => {
  const buf = Buffer.alloc(52);
  const report: ReportBlock = {
    ssrc: 0xbbbb,
    fractionLost: 64,
    cumulativeLost: -2,
    highestSeq: 70000,
    jitter: 33,
    lsr: 0x11223344,
    dlsr: 65536,
  };
  const end = writeSenderReport(buf, 0, { ssrc: 0xaaaa, wallMs: 1_000, rtpTimestamp: 160, packetCount: 5, octetCount: 800 }, report);
  assert.equal(end, 52);
  assert.equal(buf.toString('hex', 0, 4), '81c8000c');
  assert.equal(buf.readUInt32BE(8), 2208988801, 'NTP seconds of Unix 1 s');
  assert.equal(buf.toString('hex', 32, 36), '40fffffe', 'fraction 64, lost −2 as 24-bit');
  const parsed = parseRtcp(buf);
  assert.deepEqual(parsed, [
    { type: 'sr', ssrc: 0xaaaa, ntpSec: 2208988801, ntpFrac: 0, rtpTimestamp: 160, packetCount: 5, octetCount: 800, reports: [report] },
  ]);
  assert.deepEqual(ntpFromUnixMs(1500), { sec: 2208988801, frac: 2 ** 31 });
});

test('compound RR + SDES + BYE round trips; the CNAME chunk and BYE reason are 32-bit padded', () => {
  fc.assert(
    fc.property(
      u32,
      fc.option(reportArb, { nil: undefined }),
      fc.string({ maxLength: 60 }),
      fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
      fc.boolean(),
      (ssrc, report, cname, reason, sender) => {
        const buf = Buffer.alloc(400, 0xee);
        const senderInfo = { ssrc, wallMs: 1_700_000_000_123, rtpTimestamp: 1, packetCount: 2, octetCount: 3 };
        const len = writeCompound(buf, {
          ssrc,
          cname,
          ...(report ? { report } : {}),
          ...(sender ? { sender: senderInfo } : {}),
          bye: reason === undefined ? {} : { reason },
        });
        assert.equal(len % 4, 0);
        const parsed = parseRtcp(buf, len);
        assert.ok(parsed, 'parses');
        assert.equal(parsed.length, 3);
        const first = parsed[0]!;
        assert.equal(first.type, sender ? 'sr' : 'rr');
        assert.ok(first.type === 'sr' || first.type === 'rr');
        assert.equal(first.ssrc, ssrc);
        assert.deepEqual(first.reports, report ? [{ ...report }] : []);
        assert.deepEqual(parsed[1], { type: 'sdes', chunks: [{ ssrc, cname: Buffer.from(cname).subarray(0, 255).toString() }] });
        assert.deepEqual(parsed[2], reason === undefined ? { type: 'bye', ssrcs: [ssrc] } : { type: 'bye', ssrcs: [ssrc], reason });
      },
    ),
  );
});

test('writers report their sizes: RR 8/32, BYE 8, BYE with reason rounded up, SDES CNAME', () => {
  const buf = Buffer.alloc(200);
  assert.equal(writeReceiverReport(buf, 0, 1), 8);
  assert.equal(writeBye(buf, 0, [1]), 8);
  assert.equal(writeBye(buf, 0, [1, 2], 'bye'), 16);
  assert.equal(writeSdesCname(buf, 0, 1, 'ab'), 16);
  assert.equal(writeSdesCname(buf, 0, 1, 'abc'), 16);
  assert.equal(writeSdesCname(buf, 0, 1, 'abcdef'), 20);
});

test('invalid compounds are rejected: wrong version, short length, padding not last, RTP', () => {
  const buf = Buffer.alloc(100);
  const len = writeCompound(buf, { ssrc: 7, cname: 'x@y', bye: {} });
  const ok = buf.subarray(0, len);
  assert.ok(parseRtcp(ok));
  assert.equal(parseRtcp(ok.subarray(0, len - 4)), null, 'truncated');
  const v1 = Buffer.from(ok);
  v1[8] = 0x41;
  assert.equal(parseRtcp(v1), null, 'version 1 in the second packet');
  const pad = Buffer.from(ok);
  pad[0]! |= 0x20;
  assert.equal(parseRtcp(pad), null, 'padding bit on the first packet');
  const rtp = Buffer.from(ok);
  rtp[1] = 0x00;
  assert.equal(parseRtcp(rtp), null, 'an RTP payload type');
  assert.equal(parseRtcp(Buffer.alloc(0)), null);
});

test('property: random and mutated bytes never throw', () => {
  const buf = Buffer.alloc(200);
  const len = writeCompound(buf, {
    ssrc: 9,
    cname: 'openccc',
    sender: { ssrc: 9, wallMs: 5, rtpTimestamp: 6, packetCount: 7, octetCount: 8 },
    report: { ssrc: 1, fractionLost: 2, cumulativeLost: 3, highestSeq: 4, jitter: 5, lsr: 6, dlsr: 7 },
    bye: { reason: 'done' },
  });
  const valid = buf.subarray(0, len);
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
      parseRtcp(Buffer.from(bytes));
    }),
    { numRuns: 5000 },
  );
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(len - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
      fc.nat(len),
      (edits, cut) => {
        const b = Buffer.from(valid);
        for (const [i, v] of edits) b[i] = v;
        parseRtcp(b.subarray(0, cut & ~3));
        parseRtcp(b);
      },
    ),
    { numRuns: 5000 },
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { parseRtp, RtpView, writeRtpHeader } from '../../../src/telephony/rtp/packet.ts';
import { writeTelephoneEvent } from '../../../src/telephony/rtp/rfc4733.ts';
import { Rfc4733Receiver, type ReceivedDigit } from '../../../src/telephony/rtp/rfc4733-receiver.ts';
import { digitPackets, type TimedPacket } from '../../../src/telephony/rtp/rfc4733-sender.ts';
import { readPcapUdp } from './support/pcap.ts';

function harness(payloadType = 101, timeoutMs?: number) {
  const digits: ReceivedDigit[] = [];
  const rx = new Rfc4733Receiver({ payloadType, onDigit: (d) => digits.push(d), ...(timeoutMs ? { timeoutMs } : {}) });
  const view = new RtpView();
  const feed = (packet: Uint8Array, nowMs: number) => {
    const v = parseRtp(packet, view);
    assert.ok(v);
    rx.receive(v, packet, nowMs);
  };
  return { digits, rx, feed };
}

function packetsFor(digit: string, timestamp: number, sequence = 1000, durationMs = 200): TimedPacket[] {
  const p = digitPackets({ digit, durationMs, payloadType: 101, ssrc: 0x1234, sequence, timestamp });
  assert.ok(p);
  return p;
}

test('sender: same timestamp, marker on the first only, updates every 50 ms, three end packets', () => {
  const p = packetsFor('7', 16000, 65534, 200);
  const view = new RtpView();
  const rows = p.map(({ atMs, packet }) => {
    const v = parseRtp(packet, view)!;
    const pl = packet.subarray(v.payloadOffset);
    return [atMs, v.sequence, v.timestamp, v.marker, pl[0], pl[1]! >> 7, (pl[2]! << 8) | pl[3]!];
  });
  assert.deepEqual(rows, [
    [0, 65534, 16000, true, 7, 0, 0],
    [50, 65535, 16000, false, 7, 0, 400],
    [100, 0, 16000, false, 7, 0, 800],
    [150, 1, 16000, false, 7, 0, 1200],
    [200, 2, 16000, false, 7, 1, 1600],
    [250, 3, 16000, false, 7, 1, 1600],
    [300, 4, 16000, false, 7, 1, 1600],
  ]);
  assert.equal(digitPackets({ digit: 'x', durationMs: 100, payloadType: 101, ssrc: 1, sequence: 0, timestamp: 0 }), null);
});

test('one digit per event: the three end packets and duplicates are dropped', () => {
  const h = harness();
  for (const { atMs, packet } of packetsFor('5', 8000)) {
    h.feed(packet, atMs);
    h.feed(packet, atMs + 1);
  }
  h.rx.poll(10_000);
  assert.deepEqual(h.digits, [{ digit: '5', timestamp: 8000, duration: 1600, durationMs: 200, ended: true }]);
});

test('the same digit twice is two events (new timestamp)', () => {
  const h = harness();
  for (const { atMs, packet } of [...packetsFor('1', 0), ...packetsFor('1', 4000, 1010)]) h.feed(packet, atMs);
  assert.deepEqual(
    h.digits.map((d) => [d.digit, d.timestamp]),
    [
      ['1', 0],
      ['1', 4000],
    ],
  );
});

test('all end packets lost: reported once when the next event starts, or on poll after the timeout', () => {
  const h = harness(101, 300);
  const a = packetsFor('3', 0).filter((p) => !(p.packet[13]! & 0x80)); // payload byte 1: the E bit
  for (const { atMs, packet } of a) h.feed(packet, atMs);
  assert.equal(h.digits.length, 0);
  assert.ok(h.rx.inEvent);
  h.rx.poll(150 + 299);
  assert.equal(h.digits.length, 0, 'not before the timeout');
  h.rx.poll(150 + 300);
  assert.deepEqual(h.digits, [{ digit: '3', timestamp: 0, duration: 1200, durationMs: 150, ended: false }]);
  // A late end packet of the same event does not report it again.
  h.feed(packetsFor('3', 0).at(-1)!.packet, 500);
  assert.equal(h.digits.length, 1);

  const h2 = harness();
  for (const { atMs, packet } of a) h2.feed(packet, atMs);
  h2.feed(packetsFor('9', 4000, 1020)[0]!.packet, 400);
  assert.deepEqual(
    h2.digits.map((d) => [d.digit, d.ended]),
    [['3', false]],
  );
});

test('other payload types and non-DTMF events are ignored', () => {
  const h = harness(96);
  for (const { atMs, packet } of packetsFor('2', 0)) h.feed(packet, atMs);
  assert.equal(h.digits.length, 0);
  const flash = packetsFor('2', 0).map((p) => {
    const b = Buffer.from(p.packet);
    b[1] = (b[1]! & 0x80) | 96;
    b[12] = 16;
    return b;
  });
  for (const b of flash) h.feed(b, 0);
  assert.equal(h.digits.length, 0);
});

test('property: reordering within an event, duplication and loss (one packet survives) give each digit once, in order', () => {
  const digitsArb = fc.array(fc.constantFrom(...'0123456789*#ABCD'), { minLength: 1, maxLength: 6 });
  fc.assert(
    fc.property(digitsArb, fc.infiniteStream(fc.integer({ min: 0, max: 99 })), (digits, rand) => {
      const h = harness();
      const it = rand[Symbol.iterator]();
      const r = () => it.next().value as number;
      let seq = 60000;
      let now = 0;
      digits.forEach((d, i) => {
        const pk = packetsFor(d, (i * 4000 + 0xfffff000) >>> 0, seq);
        seq += pk.length;
        const keep = pk.filter(() => r() >= 30);
        if (keep.length === 0) keep.push(pk[r() % pk.length]!);
        const withDups = keep.flatMap((p) => (r() < 20 ? [p, p] : [p]));
        // Local shuffle: swap neighbours.
        for (let j = 1; j < withDups.length; j++) if (r() < 30) [withDups[j - 1], withDups[j]] = [withDups[j]!, withDups[j - 1]!];
        for (const p of withDups) h.feed(p.packet, (now += 20));
        now += 100;
      });
      h.rx.poll(now + 1000);
      assert.equal(h.digits.map((d) => d.digit).join(''), digits.join(''));
    }),
  );
});

const PCAPS = [...'0123456789']
  .map((d) => [d, `dtmf_2833_${d}`])
  .concat([
    ['*', 'dtmf_2833_star'],
    ['#', 'dtmf_2833_pound'],
  ]);
const pcapDir = '/usr/share/sip-tester';
const havePcaps = PCAPS.every(([, n]) => existsSync(`${pcapDir}/${n}.pcap`));
const requirePeers = process.env.OPENCCC_REQUIRE_SIP_PEERS === '1';

test(
  "SIPp's RFC 2833 pcaps: each gives exactly its digit",
  havePcaps || requirePeers
    ? {}
    : { skip: `SIPp pcaps not found in ${pcapDir} (apt-get install sip-tester; OPENCCC_REQUIRE_SIP_PEERS=1 fails instead)` },
  () => {
    assert.ok(havePcaps, `SIPp pcaps are required in ${pcapDir} (OPENCCC_REQUIRE_SIP_PEERS=1)`);
    for (const [digit, name] of PCAPS) {
      const h = harness(101);
      const datagrams = readPcapUdp(`${pcapDir}/${name}.pcap`);
      assert.ok(datagrams.length >= 4, name);
      for (const d of datagrams) h.feed(d.payload, d.atMs);
      h.rx.poll(10_000);
      assert.deepEqual(
        h.digits.map((x) => [x.digit, x.ended, x.durationMs]),
        [[digit, true, 280]],
        name,
      );
    }
  },
);

test('a long event continues in a new segment (RFC 4733 §2.5.1.3) and is still one digit', () => {
  const h = harness();
  let seq = 0;
  const send = (timestamp: number, duration: number, end: boolean, marker: boolean, at: number) => {
    const b = Buffer.alloc(16);
    writeRtpHeader(b, { marker, payloadType: 101, sequence: seq++, timestamp, ssrc: 9 });
    writeTelephoneEvent(b, { event: 0, end, volume: 10, duration }, 12);
    h.feed(b, at);
  };
  const t0 = 0xffff0000;
  send(t0, 0, false, true, 0);
  send(t0, 40000, false, false, 5000);
  send(t0, 0xffff, false, false, 8192);
  send((t0 + 0xffff) >>> 0, 800, false, false, 8292);
  send((t0 + 0xffff) >>> 0, 1600, true, false, 8392);
  send((t0 + 0xffff) >>> 0, 1600, true, false, 8442);
  h.rx.poll(100_000);
  assert.deepEqual(h.digits, [{ digit: '0', timestamp: t0, duration: 0xffff + 1600, durationMs: (0xffff + 1600) / 8, ended: true }]);
});

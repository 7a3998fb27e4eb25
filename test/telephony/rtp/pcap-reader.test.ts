import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPcapUdp } from './support/pcap.ts';

/** A classic pcap holding one IPv4/UDP datagram, on Ethernet (1) or Linux cooked capture (113). */
function pcap(linkType: 1 | 113, payload: Buffer, bigEndian = false): Buffer {
  const udp = Buffer.alloc(8 + payload.length);
  udp.writeUInt16BE(4000, 0);
  udp.writeUInt16BE(5000, 2);
  udp.writeUInt16BE(udp.length, 4);
  payload.copy(udp, 8);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + udp.length, 2);
  ip[9] = 17;
  const link = Buffer.alloc(linkType === 1 ? 14 : 16);
  link.writeUInt16BE(0x0800, linkType === 1 ? 12 : 14);
  const frame = Buffer.concat([link, ip, udp]);
  const u32 = (b: Buffer, v: number, o: number) => (bigEndian ? b.writeUInt32BE(v, o) : b.writeUInt32LE(v, o));
  const global = Buffer.alloc(24);
  u32(global, 0xa1b2c3d4, 0);
  u32(global, 65535, 16);
  u32(global, linkType, 20);
  const rec = Buffer.alloc(16);
  u32(rec, 100, 0);
  u32(rec, 250_000, 4);
  u32(rec, frame.length, 8);
  u32(rec, frame.length, 12);
  return Buffer.concat([global, rec, frame, rec, frame]);
}

test('the test pcap reader handles Ethernet and Linux cooked captures, either byte order', () => {
  const dir = mkdtempSync(join(tmpdir(), 'openccc-pcap-'));
  try {
    for (const [linkType, be] of [
      [1, false],
      [113, false],
      [113, true],
    ] as const) {
      const path = join(dir, `t${linkType}${be}.pcap`);
      writeFileSync(path, pcap(linkType, Buffer.from('hello rtp'), be));
      const got = readPcapUdp(path);
      assert.deepEqual(
        got.map((d) => [d.atMs, d.srcPort, d.dstPort, d.payload.toString()]),
        [
          [0, 4000, 5000, 'hello rtp'],
          [0, 4000, 5000, 'hello rtp'],
        ],
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

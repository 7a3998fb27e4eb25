/**
 * A tiny classic-pcap reader for tests: UDP datagrams over IPv4, on Ethernet (link type 1, with an
 * optional 802.1Q tag) or Linux cooked capture (113). Enough to replay captured RTP into a receiver.
 */
import { readFileSync } from 'node:fs';

export interface UdpDatagram {
  /** Capture time relative to the first record, ms. */
  atMs: number;
  srcPort: number;
  dstPort: number;
  payload: Buffer;
}

export function readPcapUdp(path: string): UdpDatagram[] {
  const file = readFileSync(path);
  const magic = file.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!le && file.readUInt32BE(0) !== 0xa1b2c3d4 && file.readUInt32BE(0) !== 0xa1b23c4d) throw new Error(`${path}: not a classic pcap`);
  const nano = (le ? magic : file.readUInt32BE(0)) === 0xa1b23c4d;
  const u32 = (o: number) => (le ? file.readUInt32LE(o) : file.readUInt32BE(o));
  const linkType = u32(20);
  const out: UdpDatagram[] = [];
  let first: number | undefined;
  for (let pos = 24; pos + 16 <= file.length;) {
    const t = u32(pos) * 1000 + u32(pos + 4) / (nano ? 1e6 : 1e3);
    const capLen = u32(pos + 8);
    const frame = file.subarray(pos + 16, pos + 16 + capLen);
    pos += 16 + capLen;
    first ??= t;
    const ip = ipv4Of(frame, linkType);
    if (!ip || ip.length < 20 || ip[0]! >> 4 !== 4 || ip[9] !== 17) continue;
    const udp = ip.subarray((ip[0]! & 0x0f) * 4);
    if (udp.length < 8) continue;
    const udpLen = udp.readUInt16BE(4);
    out.push({
      atMs: t - first,
      srcPort: udp.readUInt16BE(0),
      dstPort: udp.readUInt16BE(2),
      payload: udp.subarray(8, Math.min(udpLen, udp.length)),
    });
  }
  return out;
}

function ipv4Of(frame: Buffer, linkType: number): Buffer | null {
  if (linkType === 1) {
    let type = frame.readUInt16BE(12);
    let off = 14;
    if (type === 0x8100) {
      type = frame.readUInt16BE(16);
      off = 18;
    }
    return type === 0x0800 ? frame.subarray(off) : null;
  }
  if (linkType === 113) return frame.readUInt16BE(14) === 0x0800 ? frame.subarray(16) : null;
  return null;
}

/** A test peer: a UDP socket on 127.0.0.1 that records every RTP packet it receives and can send to a session. */
import { createSocket, type Socket } from 'node:dgram';
import { parseRtp, RtpView, writeRtpHeader } from '../../../../src/telephony/rtp/packet.ts';

export interface Received {
  atMs: number;
  marker: boolean;
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
  payload: Buffer;
}

export class UdpPeer {
  readonly received: Received[] = [];
  readonly rtcp: Buffer[] = [];
  private seq = 1000;
  private ts = 5000;

  private constructor(
    readonly socket: Socket,
    readonly port: number,
    readonly ssrc: number,
  ) {
    const view = new RtpView();
    socket.on('message', (msg) => {
      if (msg[1]! >= 192 && msg[1]! <= 223) return void this.rtcp.push(msg);
      const v = parseRtp(msg, view);
      if (!v) return;
      this.received.push({
        atMs: performance.now(),
        marker: v.marker,
        payloadType: v.payloadType,
        sequence: v.sequence,
        timestamp: v.timestamp,
        ssrc: v.ssrc,
        payload: Buffer.from(msg.subarray(v.payloadOffset, v.payloadOffset + v.payloadLength)),
      });
    });
  }

  static async open(ssrc = 0xabcdef01): Promise<UdpPeer> {
    const socket = createSocket('udp4');
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
    return new UdpPeer(socket, socket.address().port, ssrc);
  }

  /** Sends one 20 ms G.711 packet of `code` bytes to the session. */
  sendAudio(port: number, payloadType = 0, code = 0xff): void {
    const b = Buffer.alloc(172, code);
    writeRtpHeader(b, { marker: false, payloadType, sequence: this.seq, timestamp: this.ts, ssrc: this.ssrc });
    this.seq = (this.seq + 1) & 0xffff;
    this.ts = (this.ts + 160) >>> 0;
    this.socket.send(b, port, '127.0.0.1');
  }

  sendRaw(port: number, b: Buffer): void {
    this.socket.send(b, port, '127.0.0.1');
  }

  /** Sequence/timestamp to use for the next packet (RFC 4733 sender helpers take them). */
  take(n: number): { sequence: number; timestamp: number } {
    const r = { sequence: this.seq, timestamp: this.ts };
    this.seq = (this.seq + n) & 0xffff;
    this.ts = (this.ts + 160 * n) >>> 0;
    return r;
  }

  close(): void {
    this.socket.close();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` every 10 ms until true; fails after `ms` (a generous bound, not a timing assertion). */
export async function until(cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * A base for the fixed RTP port ranges engine tests need: below the kernel's ephemeral range (32768+,
 * where bind(0) sockets of other test processes land) and varied by pid, so concurrent runs of these
 * tests in other checkouts rarely take the same ports. Offsets 0–3999 stay in this process's block; each
 * test file uses its own offsets, since two files' processes may get the same block.
 */
export const TEST_PORT_BASE = 20_000 + (process.pid % 3) * 4000;

// A passive RTP receiver for bench/calls.ts: the callee SDP of a sample of calls points here, so the
// packets openccc sends for them arrive at this socket until SIPp's first packet latches openccc onto
// SIPp's port. Per source it records the inter-arrival gaps (what a phone hears of our send pacing) and
// the RFC 3550 §6.4.1 interarrival jitter of the stream.
import { createSocket, type Socket } from 'node:dgram';
import { GapHistogram } from './gap-histogram.ts';

interface Stream {
  lastArrivalMs: number;
  lastTimestamp: number;
  /** RFC 3550 §6.4.1 J, in timestamp units (1/8000 s), as a running estimate. */
  jitter: number;
  packets: number;
}

export interface SinkReport {
  streams: number;
  packets: number;
  gaps: GapHistogram;
  /** Mean and max over streams of the last J (ms). */
  jitterMeanMs: number;
  jitterMaxMs: number;
}

export class RtpSink {
  private readonly streams = new Map<string, Stream>();
  private finished: Stream[] = [];
  private gaps = new GapHistogram();
  private constructor(
    private readonly socket: Socket,
    readonly port: number,
  ) {
    socket.on('message', (msg, rinfo) => this.onPacket(msg, `${rinfo.address}:${rinfo.port}`));
  }

  static async open(): Promise<RtpSink> {
    const socket = createSocket({ type: 'udp4', recvBufferSize: 4 << 20 });
    await new Promise<void>((ok) => socket.bind(0, '127.0.0.1', ok));
    return new RtpSink(socket, socket.address().port);
  }

  private onPacket(msg: Buffer, key: string): void {
    if (msg.length < 12 || msg[0]! >> 6 !== 2) return;
    const now = performance.now();
    const ts = msg.readUInt32BE(4);
    const s = this.streams.get(key);
    // A gap over 1 s is the end of one stream and the start of another.
    if (!s || now - s.lastArrivalMs > 1000) {
      if (s) this.finished.push(s);
      this.streams.set(key, { lastArrivalMs: now, lastTimestamp: ts, jitter: 0, packets: 1 });
      return;
    }
    const gap = now - s.lastArrivalMs;
    this.gaps.add(gap);
    // D(i-1, i) = (Rj - Ri) - (Sj - Si), in timestamp units; J += (|D| - J) / 16.
    const d = gap * 8 - ((ts - s.lastTimestamp) | 0);
    s.jitter += (Math.abs(d) - s.jitter) / 16;
    s.lastArrivalMs = now;
    s.lastTimestamp = ts;
    s.packets++;
  }

  /** What arrived since the last take (streams still open carry on into the next). */
  take(): SinkReport {
    const all = [...this.finished, ...this.streams.values()].filter((s) => s.packets > 10);
    const jitters = all.map((s) => s.jitter / 8);
    const report: SinkReport = {
      streams: all.length,
      packets: this.gaps.count,
      gaps: this.gaps,
      jitterMeanMs: jitters.length ? jitters.reduce((a, b) => a + b, 0) / jitters.length : 0,
      jitterMaxMs: jitters.length ? Math.max(...jitters) : 0,
    };
    this.finished = [];
    this.gaps = new GapHistogram();
    const now = performance.now();
    for (const [key, s] of this.streams) if (now - s.lastArrivalMs > 1000) this.streams.delete(key);
    return report;
  }

  close(): Promise<void> {
    return new Promise((ok) => this.socket.close(() => ok()));
  }
}

/**
 * Per-source receive statistics, RFC 3550 Appendix A: sequence validation with probation of a new
 * source and resync after a large jump (A.1), expected / lost / fraction lost for the report block
 * (A.3), and interarrival jitter (A.8). One instance per SSRC; `update` is allocation-free.
 */
import type { ReportBlock } from './rtcp.ts';
import { tsDiff } from './sequence.ts';

const RTP_SEQ_MOD = 0x10000;
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;

export interface ReceiveStatsOptions {
  ssrc: number;
  clockRate?: number;
  /** Sequential packets needed before a new source is valid (A.1 MIN_SEQUENTIAL); default 2. */
  minSequential?: number;
}

export class ReceiveStats {
  readonly ssrc: number;
  private readonly clockRate: number;
  private readonly minSequential: number;
  private maxSeq = 0;
  private cycles = 0;
  private baseSeq = 0;
  private badSeq = RTP_SEQ_MOD + 1;
  private probation: number;
  private receivedCount = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;
  private jitterUnits = 0;
  private hasTransit = false;
  private lastArrival = 0;
  private lastTimestamp = 0;
  private lastSrMiddle = 0;
  private lastSrAtMs = -1;
  private started = false;

  constructor(opts: ReceiveStatsOptions) {
    this.ssrc = opts.ssrc >>> 0;
    this.clockRate = opts.clockRate ?? 8000;
    this.minSequential = Math.max(1, opts.minSequential ?? 2);
    this.probation = this.minSequential;
  }

  /**
   * Counts one packet. Returns false while the source is on probation or the packet is a bad jump
   * (A.1: such packets should not be played); true otherwise, duplicates included.
   */
  update(seq: number, rtpTimestamp: number, arrivalMs: number): boolean {
    seq &= 0xffff;
    if (!this.updateSeq(seq)) return false;
    this.updateJitter(rtpTimestamp >>> 0, (arrivalMs * this.clockRate) / 1000);
    return true;
  }

  // RFC 3550 A.1 update_seq.
  private updateSeq(seq: number): boolean {
    if (!this.started) {
      // A.1: a new source starts with max_seq = seq − 1, on probation.
      this.started = true;
      this.initSeq(seq);
      this.maxSeq = (seq - 1) & 0xffff;
    }
    if (this.probation > 0) {
      if (seq === ((this.maxSeq + 1) & 0xffff)) {
        this.probation--;
        this.maxSeq = seq;
        if (this.probation === 0) {
          this.initSeq(seq);
          this.receivedCount++;
          return true;
        }
      } else {
        this.probation = this.minSequential - 1;
        this.maxSeq = seq;
      }
      return false;
    }
    const udelta = (seq - this.maxSeq) & 0xffff;
    if (udelta < MAX_DROPOUT) {
      if (seq < this.maxSeq) this.cycles += RTP_SEQ_MOD;
      this.maxSeq = seq;
    } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
      if (seq !== this.badSeq) {
        this.badSeq = (seq + 1) & 0xffff;
        return false;
      }
      // Two sequential packets after a big jump: the source restarted, resync (A.1).
      this.initSeq(seq);
      this.hasTransit = false;
    }
    // Otherwise a duplicate or reordered packet: counted, max unchanged.
    this.receivedCount++;
    return true;
  }

  private initSeq(seq: number): void {
    this.baseSeq = seq;
    this.maxSeq = seq;
    this.badSeq = RTP_SEQ_MOD + 1;
    this.cycles = 0;
    this.receivedCount = 0;
    this.receivedPrior = 0;
    this.expectedPrior = 0;
  }

  // RFC 3550 A.8: J += (|D| − J) / 16, D from arrival and RTP timestamp differences (32-bit wrap safe).
  private updateJitter(ts: number, arrival: number): void {
    if (this.hasTransit) {
      const d = Math.abs(arrival - this.lastArrival - tsDiff(ts, this.lastTimestamp));
      this.jitterUnits += (d - this.jitterUnits) / 16;
    }
    this.hasTransit = true;
    this.lastArrival = arrival;
    this.lastTimestamp = ts;
  }

  /** Valid packets counted since the source was validated, duplicates included (A.3). */
  get received(): number {
    return this.receivedCount;
  }
  get extendedHighestSeq(): number {
    return this.cycles + this.maxSeq;
  }
  get expected(): number {
    return this.probation > 0 ? 0 : this.extendedHighestSeq - this.baseSeq + 1;
  }
  /** expected − received, which duplicates can make negative (A.3). */
  get cumulativeLost(): number {
    return this.expected - this.receivedCount;
  }
  /** Interarrival jitter in timestamp units (A.8). */
  get jitter(): number {
    return this.jitterUnits;
  }
  get jitterMs(): number {
    return (this.jitterUnits * 1000) / this.clockRate;
  }
  get validated(): boolean {
    return this.probation <= 0;
  }

  /** Remembers the middle 32 bits of an SR's NTP time and its arrival, for LSR/DLSR (§6.4.1). */
  onSenderReport(ntpSec: number, ntpFrac: number, arrivalMs: number): void {
    this.lastSrMiddle = (((ntpSec & 0xffff) << 16) | (ntpFrac >>> 16)) >>> 0;
    this.lastSrAtMs = arrivalMs;
  }

  /**
   * The report block for this source (§6.4.1), with the fraction lost since the previous call (A.3):
   * each call starts a new reporting interval.
   */
  reportBlock(nowMs: number): ReportBlock {
    const expected = this.expected;
    const expectedInterval = expected - this.expectedPrior;
    this.expectedPrior = expected;
    const receivedInterval = this.receivedCount - this.receivedPrior;
    this.receivedPrior = this.receivedCount;
    const lostInterval = expectedInterval - receivedInterval;
    const fractionLost = expectedInterval === 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval * 256) / expectedInterval);
    // 24-bit signed field: clamp (A.3).
    const cumulativeLost = Math.max(-0x800000, Math.min(0x7fffff, this.cumulativeLost));
    const dlsr = this.lastSrAtMs < 0 ? 0 : Math.max(0, Math.round(((nowMs - this.lastSrAtMs) * 65536) / 1000));
    return {
      ssrc: this.ssrc,
      fractionLost: Math.min(255, fractionLost),
      cumulativeLost,
      highestSeq: this.extendedHighestSeq >>> 0,
      jitter: Math.floor(this.jitterUnits) >>> 0,
      lsr: this.lastSrAtMs < 0 ? 0 : this.lastSrMiddle,
      dlsr: dlsr >>> 0,
    };
  }
}

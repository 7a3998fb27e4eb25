import type { RtpStreamFigures } from '../../../domain/call-trace.ts';

/** The RTP figures of every call whose media has closed, summed for the carrier's stats. */
export class RtpTotals {
  packetsSent = 0;
  packetsReceived = 0;
  packetsLost = 0;

  add(figures: Pick<RtpStreamFigures, 'packetsSent' | 'packetsReceived' | 'packetsLost'>): void {
    this.packetsSent += figures.packetsSent;
    this.packetsReceived += figures.packetsReceived;
    // RFC 3550 A.3 loss can go negative with duplicates; a counter never does.
    this.packetsLost += Math.max(0, figures.packetsLost);
  }
}

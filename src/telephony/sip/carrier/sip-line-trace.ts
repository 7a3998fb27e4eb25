// One SIP call's trace (issue 14 item 7): its ladder from the carrier's SipTraceRouter and its RTP figures.
import type { Clock, TimerHandle } from '../../../shared/clock.ts';
import { hostPort, mediaFiguresOf, type CallTrace, type SipLadder, type SipTraceRouter } from '../../call-trace.ts';
import type { MediaSession } from '../../rtp/engine/media-session.ts';
import type { RtpSessionStats } from '../../rtp/engine/rtp-session-types.ts';
import type { NegotiatedMedia } from '../../sdp/negotiated-media.ts';
import type { RtpTotals } from './rtp-totals.ts';

/** How long a finished call keeps routing its Call-ID at most, waiting for the answer to its BYE or CANCEL. */
export const TRACE_SETTLE_MS = 1000;

/**
 * What a SipLine records for CallLeg.trace(): the ladder opens with the call's Call-ID, the RTP
 * stats are asked for before the media session closes (stats() rejects afterwards), and once the
 * line is over the ladder keeps routing until the signalling it sent last is answered (the 200 to
 * our BYE, the 487 to our CANCEL) or TRACE_SETTLE_MS pass on the carrier's clock, whichever is first.
 */
export class SipLineTrace {
  private ladder: SipLadder | undefined;
  private stats: Promise<RtpSessionStats | undefined> | undefined;
  private readonly signalling = new Set<Promise<unknown>>();
  private context: { codec?: string; local?: string; remote?: string } = {};
  private settled: Promise<void> | undefined;

  constructor(
    private readonly router: SipTraceRouter,
    private readonly clock: Clock,
    /** Where the call's RTP figures are summed with the carrier's other calls. */
    private readonly totals?: RtpTotals,
  ) {}

  /** Starts recording the call with `callId` (its INVITE included, if it already went by). */
  open(callId: string): void {
    if (this.settled) return;
    if (this.ladder) this.router.follow(this.ladder, callId);
    else this.ladder = this.router.open(callId);
  }

  /** The codec and addresses shown beside the RTP figures. */
  describe(media: MediaSession, localAddress: string, negotiated: NegotiatedMedia): void {
    this.context = {
      codec: `${negotiated.codec}/8000`,
      local: hostPort(localAddress, media.port),
      remote: hostPort(negotiated.remoteAddress, negotiated.remotePort),
    };
  }

  /** Asks for the media session's figures; call it before closing the session. Once. */
  snapshot(media: MediaSession): void {
    if (this.stats || media.closed) return;
    this.stats = media.stats().then(
      (stats) => {
        this.totals?.add(stats);
        return stats;
      },
      () => undefined,
    );
  }

  /** Signalling the call sent as it ended; the ladder waits (bounded) for it before it stops routing. */
  watch(work: Promise<unknown>): void {
    const p: Promise<unknown> = work.catch(() => undefined).finally(() => this.signalling.delete(p));
    this.signalling.add(p);
  }

  /** The line is over: stop routing once its last signalling is answered, or after TRACE_SETTLE_MS. Idempotent. */
  finish(): void {
    this.settled ??= this.settle();
  }

  /** The ladder and media figures; waits for finish()'s settling. Never rejects. */
  async trace(): Promise<CallTrace | undefined> {
    this.finish();
    await this.settled;
    const stats = await this.stats;
    if (!this.ladder) return undefined;
    return this.ladder.trace(stats ? mediaFiguresOf(stats, this.context) : undefined);
  }

  private async settle(): Promise<void> {
    let timer: TimerHandle | undefined;
    const bound = new Promise<'late'>((r) => (timer = this.clock.setTimer(TRACE_SETTLE_MS, () => r('late'))));
    // a loop: an answer can start more signalling (a 200 racing our CANCEL is ACKed, then BYEd)
    while (this.signalling.size > 0) {
      const first = await Promise.race([Promise.allSettled([...this.signalling]), bound]);
      if (first === 'late') break;
    }
    if (timer) this.clock.clearTimer(timer);
    if (this.ladder) this.router.close(this.ladder);
  }
}

/**
 * Building a call's trace (CallTrace, domain/call-trace.ts) on the SIP stack: a bounded ladder of
 * the call's SIP messages fed by the UA core's message tap, and the RTP session's figures. The sip
 * carrier keeps one SipTraceRouter per UA and one SipLadder per leg; CallLeg.trace() hands the
 * result to the app, which stores it beside the CDR for `openccc calls show`.
 */
import type { CallTrace, MediaTraceFigures, SipLadderEntry } from '../domain/call-trace.ts';
import type { RtpSessionStats } from './rtp/engine/rtp-session-types.ts';
import type { SipMessageObserver, SipWireMessage } from './sip/ua/message-tap.ts';
import type { UserAgentCore } from './sip/ua/user-agent-core.ts';

export type { CallTrace, MediaTraceFigures, SipLadderEntry } from '../domain/call-trace.ts';

export interface SipLadderLimits {
  /** Messages kept from the start of the call (the INVITE, its provisionals, the answer or failure). */
  head: number;
  /** Messages kept from the end (the BYE or CANCEL and what answered it); those between are counted, not kept. */
  tail: number;
  /** Bytes of each message's text kept for the detail view. */
  textBytes: number;
}

export const DEFAULT_LADDER_LIMITS: Readonly<SipLadderLimits> = { head: 50, tail: 50, textBytes: 4096 };

/** `host:port`, with an IPv6 host in brackets (RFC 3986 §3.2.2). */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The ladder entry of one message on the wire; copies the text (at most `textBytes` of it) out of the wire buffer. */
export function ladderEntryOf(m: SipWireMessage, textBytes: number): SipLadderEntry {
  const kept = Math.min(m.byteLength, Math.max(0, textBytes));
  const entry: SipLadderEntry = {
    atMs: m.atMs,
    direction: m.direction,
    transport: m.transport,
    remote: hostPort(m.remoteHost, m.remotePort),
    startLine: m.startLine,
    callId: m.callId ?? '',
    cseq: m.cseq ?? '',
    bytes: m.byteLength,
    text: Buffer.from(m.bytes.buffer, m.bytes.byteOffset, kept).toString('utf8'),
  };
  if (kept < m.byteLength) entry.textCutBytes = m.byteLength - kept;
  return entry;
}

/**
 * The SIP messages of one call, bounded: the first `head` and the last `tail` are kept, the ones
 * between only counted, so a call that retransmits or re-INVITEs for hours costs a fixed amount.
 */
export class SipLadder {
  /** The Call-IDs whose messages this ladder records (a call may add one, e.g. for a transfer). */
  readonly callIds: string[] = [];
  private readonly head: SipLadderEntry[] = [];
  /** A ring once full: `tailStart` is its oldest entry. */
  private readonly tail: SipLadderEntry[] = [];
  private tailStart = 0;
  private dropped = 0;

  constructor(readonly limits: Readonly<SipLadderLimits> = DEFAULT_LADDER_LIMITS) {}

  /** Messages seen, kept or not. */
  get count(): number {
    return this.head.length + this.tail.length + this.dropped;
  }

  record(m: SipWireMessage): void {
    this.add(ladderEntryOf(m, this.limits.textBytes));
  }

  add(entry: SipLadderEntry): void {
    if (this.head.length < this.limits.head) {
      this.head.push(entry);
      return;
    }
    if (this.limits.tail <= 0) {
      this.dropped++;
      return;
    }
    if (this.tail.length < this.limits.tail) {
      this.tail.push(entry);
      return;
    }
    this.tail[this.tailStart] = entry;
    this.tailStart = (this.tailStart + 1) % this.tail.length;
    this.dropped++;
  }

  /** The ladder so far in the order the messages went by, with `media` when the call had some. */
  trace(media?: MediaTraceFigures): CallTrace {
    const tail = [...this.tail.slice(this.tailStart), ...this.tail.slice(0, this.tailStart)];
    const trace: CallTrace = { sip: [...this.head, ...tail], sipDropped: this.dropped };
    if (this.dropped > 0) trace.sipDroppedAt = this.head.length;
    if (media) trace.media = media;
    return trace;
  }
}

/**
 * Routes a UA's message tap to the ladders of the calls it carries, by Call-ID: one map lookup per
 * message whatever the number of calls. An INVITE that nobody tracks yet is held a short while (the
 * last `unclaimedMax` of them), because it passes the tap before its call exists: an outbound
 * INVITE is sent as the call is built, an inbound one arrives before the carrier is told of it.
 */
export class SipTraceRouter {
  private readonly ladders = new Map<string, SipLadder>();
  private readonly unclaimed: SipLadderEntry[] = [];

  constructor(
    private readonly limits: Readonly<SipLadderLimits> = DEFAULT_LADDER_LIMITS,
    private readonly unclaimedMax = 32,
  ) {}

  /** Calls being traced. */
  get size(): number {
    return this.ladders.size;
  }

  /** The observer to give UserAgentCore.observeMessages. */
  readonly observe: SipMessageObserver = (m) => {
    if (m.callId === undefined) return;
    const ladder = this.ladders.get(m.callId);
    if (ladder) ladder.record(m);
    else if (m.message.kind === 'request' && m.message.method === 'INVITE' && !hasTag(m.message.headers.get('To'))) {
      if (this.unclaimed.length >= this.unclaimedMax) this.unclaimed.shift();
      this.unclaimed.push(ladderEntryOf(m, this.limits.textBytes));
    }
  };

  /** Starts routing `ua`'s messages here; returns the function that stops it. */
  attach(ua: Pick<UserAgentCore, 'observeMessages'>): () => void {
    return ua.observeMessages(this.observe);
  }

  /** The ladder of the call with `callId` (a new one, or the one already open), holding the call's INVITE if it already went by. */
  open(callId: string): SipLadder {
    const open = this.ladders.get(callId);
    if (open) return open;
    const ladder = new SipLadder(this.limits);
    this.follow(ladder, callId);
    return ladder;
  }

  /** Feeds `ladder` with the messages of one more Call-ID too. */
  follow(ladder: SipLadder, callId: string): void {
    if (this.ladders.has(callId)) return;
    this.ladders.set(callId, ladder);
    ladder.callIds.push(callId);
    for (let i = 0; i < this.unclaimed.length;) {
      const e = this.unclaimed[i]!;
      if (e.callId === callId) {
        ladder.add(e);
        this.unclaimed.splice(i, 1);
      } else i++;
    }
  }

  /** Stops feeding `ladder`; what it recorded stays readable. Idempotent. */
  close(ladder: SipLadder): void {
    for (const id of ladder.callIds) if (this.ladders.get(id) === ladder) this.ladders.delete(id);
  }
}

/** An initial request has no To tag (RFC 3261 §8.1.1.2); a re-INVITE has one. */
function hasTag(to: string | undefined): boolean {
  return to !== undefined && /;\s*tag\s*=/i.test(to);
}

/** The trace's media figures from an RTP session's stats snapshot. */
export function mediaFiguresOf(
  stats: RtpSessionStats,
  context: { codec?: string; local?: string; remote?: string } = {},
): MediaTraceFigures {
  return {
    ...stats,
    ...(context.codec !== undefined && { codec: context.codec }),
    ...(context.local !== undefined && { local: context.local }),
    ...(context.remote !== undefined && { remote: context.remote }),
  };
}

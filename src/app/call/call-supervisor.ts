import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Carrier, DialRequest, IncomingCall } from '../../telephony/carrier.ts';
import type { Storage } from '../../storage/repositories.ts';
import type { SessionRecord, SessionStatus } from '../../domain/session.ts';
import type { FlowDefinition } from '../../ivr/flow.ts';
import { LiveCall, type ClosedCall } from './live-call.ts';
import type { SessionObserver } from './session-observer.ts';
import type { RecordingSink } from './call-recorder.ts';
import type { OutboxFeed } from '../events/outbox-feed.ts';

export interface CallSupervisorDeps {
  carrier: Carrier;
  storage: Storage;
  clock: Clock;
  observer: SessionObserver;
  logger: Logger;
  /** Told just before a CDR is written. */
  onCdrWriting?: (record: SessionRecord) => void;
  /** Told of every session once its call is closed (durable: its CDR is written). */
  onClosed?: (closed: ClosedCall) => void;
  /** Where calls of IVRs with `record: true` store their recordings. */
  recordings?: RecordingSink;
  /** How long a finished call waits for its leg's trace (see LiveCallDeps). */
  traceWaitMs?: number;
  /** Which deliveries each call's writes owe (see LiveCallDeps). */
  outbox?: OutboxFeed;
}

/** What the call's IVR asks of the call beyond its flow. */
export interface CallOptions {
  /** Record from answer to hangup (`apps[].ivrs[].record`). */
  record?: boolean;
}

/** Owns every call in flight in this process: dials and adopts them, finds them, ends them all on shutdown. */
export class CallSupervisor {
  private readonly live = new Map<string, LiveCall>();
  /** Calls whose CDR is written but whose trace is still being stored: shutdown waits for them too. */
  private readonly settling = new Set<LiveCall>();
  private closing = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly deps: CallSupervisorDeps) {}

  get accepting(): boolean {
    return !this.closing;
  }

  /** Takes no new calls from now on (draining, or a lost cluster lease); live ones go on. Idempotent. */
  stopAccepting(): void {
    this.closing = true;
  }

  /** Resolves once no call is live (at once when none is). */
  idle(): Promise<void> {
    if (this.live.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Dials and makes the session durable. Throws CarrierUnavailableError from dial() (or from the
   * leg's admission) before anything is stored; resolves once the session row exists.
   */
  async dial(
    session: SessionRecord,
    flow: FlowDefinition,
    request: Omit<DialRequest, 'sessionId' | 'caller' | 'callee'>,
    options: CallOptions = {},
  ): Promise<LiveCall> {
    const call = this.newCall(session, flow, options);
    const leg = this.deps.carrier.dial({ sessionId: session.sessionId, caller: session.caller, callee: session.calleeE164, ...request });
    if (leg.admission) {
      try {
        await leg.admission;
      } catch (err) {
        leg.close(); // refused: nothing was stored, so nothing to end but the leg
        throw err;
      }
    }
    call.attach(leg);
    return this.admit(call);
  }

  /** Takes an offered inbound call into a new session; the session machine answers it once the row exists. */
  async adopt(session: SessionRecord, flow: FlowDefinition, incoming: IncomingCall, options: CallOptions = {}): Promise<LiveCall> {
    const call = this.newCall(session, flow, options);
    call.attach(incoming);
    return this.admit(call);
  }

  get(sessionId: string): LiveCall | undefined {
    return this.live.get(sessionId);
  }

  count(): number {
    return this.live.size;
  }

  /** Live calls by session status, counted now (for metrics: read at scrape time, so it never drifts). */
  countByStatus(): Record<Exclude<SessionStatus, 'finished'>, number> {
    const counts = { dialing: 0, ringing: 0, inProgress: 0 };
    for (const call of this.live.values()) {
      const status = call.record.status;
      if (status !== 'finished') counts[status]++;
    }
    return counts;
  }

  /** Hangs up every live call and waits until each CDR (and trace) is written. Idempotent. */
  async shutdown(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.live.values(), ...this.settling].map((c) => c.close()));
  }

  private newCall(session: SessionRecord, flow: FlowDefinition, options: CallOptions): LiveCall {
    const { clock, storage, observer, logger, onCdrWriting, recordings, traceWaitMs, outbox } = this.deps;
    const call = new LiveCall(session, flow, {
      clock,
      storage,
      observer,
      logger,
      ...(onCdrWriting && { onCdrWriting }),
      ...(recordings && options.record && { recordings, record: true }),
      ...(traceWaitMs !== undefined && { traceWaitMs }),
      ...(outbox && { outbox }),
    });
    call.once('close', (closed) => {
      this.forget(closed.record.sessionId);
      this.settling.add(call);
      void call.closed.then(() => this.settling.delete(call));
      this.deps.onClosed?.(closed);
    });
    this.live.set(session.sessionId, call);
    return call;
  }

  /** The call is no longer live; the last one to go wakes whoever waits for idle(). */
  private forget(sessionId: string): void {
    this.live.delete(sessionId);
    if (this.live.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private async admit(call: LiveCall): Promise<LiveCall> {
    try {
      await call.admit();
    } catch (err) {
      // The row could not be written: the call must not go on unrecorded.
      this.forget(call.sessionId);
      call.leg?.hangup();
      call.leg?.close();
      throw err;
    }
    return call;
  }
}

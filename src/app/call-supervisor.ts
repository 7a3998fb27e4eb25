import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { Carrier } from '../telephony/carrier.ts';
import type { Storage } from '../storage/repositories.ts';
import type { SessionRecord } from '../domain/session.ts';
import type { FlowDefinition } from '../ivr/loader.ts';
import { LiveCall } from './live-call.ts';
import type { SessionEventSink } from './session-events.ts';

/** Owns every call in flight in this process: starts them, finds them, ends them all on shutdown. */
export class CallSupervisor {
  private readonly live = new Map<string, LiveCall>();
  private closing = false;

  constructor(
    private readonly carrier: Carrier,
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly events: SessionEventSink,
    private readonly logger: Logger,
    /** Told of every session once its CDR is durable. */
    private readonly onEnded: (record: SessionRecord) => void = () => {},
  ) {}

  get accepting(): boolean {
    return !this.closing;
  }

  /**
   * Dials and makes the session durable. Throws CarrierUnavailableError from dial() before
   * anything is stored; resolves once the session row exists.
   */
  async start(session: SessionRecord, flow: FlowDefinition, maxRingMs: number): Promise<LiveCall> {
    const call = new LiveCall(
      session,
      flow,
      { clock: this.clock, storage: this.storage, events: this.events, logger: this.logger },
      (record, durable) => {
        this.live.delete(record.sessionId);
        if (durable) this.onEnded(record);
      },
    );
    const leg = this.carrier.dial(
      { sessionId: session.sessionId, caller: session.caller, callee: session.calleeE164, maxRingMs },
      call.onCallEvent,
    );
    this.live.set(session.sessionId, call);
    try {
      await call.admit(leg);
    } catch (err) {
      // The row could not be written: the call must not go on unrecorded.
      this.live.delete(session.sessionId);
      leg.hangup();
      leg.close();
      throw err;
    }
    return call;
  }

  get(sessionId: string): LiveCall | undefined {
    return this.live.get(sessionId);
  }

  count(): number {
    return this.live.size;
  }

  /** Hangs up every live call and waits until each CDR is written. Idempotent. */
  async shutdown(): Promise<void> {
    this.closing = true;
    const calls = [...this.live.values()];
    for (const c of calls) c.hangup('shutdown');
    await Promise.all(calls.map((c) => c.ended));
  }
}

import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import { OwnedTimers } from '../../shared/owned-timers.ts';
import { TypedEmitter } from '../../shared/typed-emitter.ts';
import { LifecycleSequence, type LifecycleEvent, type LifecycleEventData, type ReportedEventType } from '../../domain/lifecycle-event.ts';
import { stepSession, type SessionEvent } from '../../domain/session-machine.ts';
import type { SessionRecord } from '../../domain/session.ts';
import type { FlowDefinition } from '../../ivr/flow.ts';
import { stepIvr, type IvrCommand, type IvrEvent, type IvrState } from '../../ivr/interpreter.ts';
import type { CallLeg } from '../../telephony/carrier.ts';
import type { Storage, StoredRecording } from '../../storage/repositories.ts';
import type { CallRuntime } from './call-runtime.ts';
import { CallRecorder, type RecordingSink } from './call-recorder.ts';
import { IVR_EFFECTS, SESSION_EFFECTS } from './effects/index.ts';
import { LINE_EVENTS } from './line-events.ts';
import type { SessionObserver } from './session-observer.ts';
import { SessionWriter } from './session-writer.ts';
import { keepTrace } from './trace-collector.ts';
import type { OutboxFeed } from '../events/outbox-feed.ts';

export interface LiveCallDeps {
  clock: Clock;
  storage: Storage;
  observer: SessionObserver;
  logger: Logger;
  /** Told just before the CDR is written, so cached CDR answers can be dropped. */
  onCdrWriting?: (record: SessionRecord) => void;
  /** Where recordings go; with `record`, the call is recorded from answer to hangup. */
  recordings?: RecordingSink;
  record?: boolean;
  /** How long a finished call waits for its leg's trace (TRACE_WAIT_MS by default). */
  traceWaitMs?: number;
  /** Which webhook and data push deliveries each write owes; none without. */
  outbox?: OutboxFeed;
}

function recordingReadyOf(r: StoredRecording): LifecycleEventData['session.recordingReady'] {
  return { recordingId: r.recordingId, durationMs: r.durationMs, channels: r.channels, createdAtMs: r.createdAtMs };
}

/** How a call ended for its owner: the final record, and whether its CDR is durable. */
export interface ClosedCall {
  record: SessionRecord;
  durable: boolean;
}

export type LiveCallEvents = { close: [ClosedCall] };

/**
 * One call in flight: joins the line (CallLeg), the session state machine and the IVR
 * interpreter. It knows no command and no line event by name: the effect and line-event tables
 * do. It owns its IVR timers and its leg; `close` is emitted once, when the CDR is durable (or
 * could not be written), on every end path, and `closed` resolves then, or once the leg's trace
 * (sip legs only) is stored too, which waits a bounded time.
 */
export class LiveCall extends TypedEmitter<LiveCallEvents> implements CallRuntime {
  ivr: IvrState | undefined;
  readonly timers: OwnedTimers;
  readonly ivrTimers = new Map<string, ReturnType<OwnedTimers['after']>>();
  readonly closed: Promise<void>;
  readonly recorder: CallRecorder | undefined;
  private session: SessionRecord;
  private attached: CallLeg | undefined;
  private readonly writer: SessionWriter;
  /** Every line this call logs carries its SessionId. */
  private readonly logger: Logger;
  private readonly sequence: LifecycleSequence;
  private finalEvents: LifecycleEvent[] = [];
  private resolveClosed!: () => void;
  private finalizing = false;

  constructor(
    session: SessionRecord,
    readonly flow: FlowDefinition,
    private readonly deps: LiveCallDeps,
  ) {
    super();
    this.session = session;
    this.timers = new OwnedTimers(deps.clock);
    this.logger = deps.logger.child({ sessionId: session.sessionId });
    this.writer = new SessionWriter(deps.storage, this.logger, deps.outbox);
    this.sequence = new LifecycleSequence(session.sessionId);
    this.closed = new Promise((r) => (this.resolveClosed = r));
    this.recorder = deps.record && deps.recordings ? new CallRecorder(deps.recordings, deps.clock, this.logger) : undefined;
  }

  get clock(): Clock {
    return this.deps.clock;
  }

  get sessionId(): string {
    return this.session.sessionId;
  }

  get record(): SessionRecord {
    return this.session;
  }

  get leg(): CallLeg | undefined {
    return this.attached;
  }

  /** Listens to the leg; call right after dial() or on an offered call, before any event can arrive. */
  attach(leg: CallLeg): void {
    this.attached = leg;
    for (const [name, handle] of Object.entries(LINE_EVENTS) as [
      keyof typeof LINE_EVENTS,
      (call: CallRuntime, ...a: unknown[]) => void,
    ][]) {
      leg.on(name, (...args: unknown[]) => handle(this, ...args));
    }
    // A leg the carrier closed without a terminal event (the carrier shutting down under the
    // call) has no line left: the session ends as a shutdown would, so it never stays unfinished.
    leg.on('close', () => this.hangup('shutdown'));
    // After the line-event table's listener: the inProgress save is queued first, then the dialog.
    leg.on('answered', () => this.keepDialog(leg));
  }

  /** Stores what the carrier needs to end this call on the line after a crash (release-orphaned-dialogs.ts). */
  private keepDialog(leg: CallLeg): void {
    if (this.session.status === 'finished') return;
    const token = leg.releaseToken?.();
    if (token) this.writer.keepDialog({ sessionId: this.session.sessionId, ...token, createdAtMs: this.deps.clock.now() });
  }

  /** Makes the admission durable with its `created` event; resolves when the session row exists. */
  async admit(): Promise<void> {
    const at = this.deps.clock.now();
    // An inbound call rings from the moment it arrives, so its ringing is part of its admission.
    const events: LifecycleEvent[] = [this.sequence.next('session.created', this.session, at)];
    if (this.session.direction === 0) events.push(this.sequence.next('session.ringing', this.session, at));
    await this.writer.insert(this.session, events);
    for (const e of events) this.deps.observer.publish({ type: e.type, session: this.session });
    // An inbound call is now ours to answer.
    if (this.session.direction === 0) this.apply({ type: 'offered', at: this.deps.clock.now() });
  }

  /** HangUpCall or shutdown. */
  hangup(reason: 'api' | 'shutdown'): void {
    this.apply({ type: 'hangupRequested', at: this.deps.clock.now(), reason });
  }

  /** Ends the call now if it still runs (as a shutdown does) and resolves once its CDR is settled. Idempotent. */
  close(): Promise<void> {
    this.hangup('shutdown');
    return this.closed;
  }

  apply(ev: SessionEvent): void {
    const step = stepSession(this.session, ev);
    if (!step.changed) return;
    this.session = step.session;
    const at = this.deps.clock.now();
    const events = step.events.map((type) => this.sequence.next(type, this.session, at));
    if (this.session.status === 'finished') this.finalEvents = events;
    else {
      this.writer.save(this.session, events);
      for (const e of events) this.deps.observer.publish({ type: e.type, session: this.session });
    }
    for (const cmd of step.commands) SESSION_EFFECTS[cmd.type](this);
  }

  /**
   * An event the IVR or the recorder reports: it changes no column of the session, so it is
   * appended alone (or rides in a save or the finish of the same burst), never rewriting the row.
   */
  report<T extends ReportedEventType>(type: T, data: LifecycleEventData[T], at = this.deps.clock.now()): void {
    if (this.session.status === 'finished') return;
    this.writer.append([this.sequence.reported(type, data, at)]);
    this.deps.observer.publish({ type, session: this.session });
  }

  feedIvr(ev: IvrEvent): void {
    if (!this.ivr || this.session.status !== 'inProgress') return;
    const step = stepIvr(this.flow, this.ivr, ev);
    this.ivr = step.state;
    this.runIvr(step.commands);
  }

  runIvr(commands: readonly IvrCommand[]): void {
    for (const cmd of commands) {
      if (this.session.status === 'finished') return;
      (IVR_EFFECTS[cmd.type] as (call: CallRuntime, c: IvrCommand) => void)(this, cmd);
    }
  }

  finalize(): void {
    if (this.finalizing) return;
    this.finalizing = true;
    this.timers.cancelAll();
    this.ivrTimers.clear();
    this.ivr = undefined;
    // Closing the leg completes its recording; the CDR waits for the file to be stored, so a
    // client that sees the CDR sees its RecordURL too.
    const leg = this.attached;
    leg?.close();
    const finished = this.session;
    // Asked at once: the trace is collected and stored beside the CDR write, which never waits for it.
    const traced = leg?.trace ? keepTrace(leg, { ...this.deps, logger: this.logger }, finished.sessionId) : undefined;
    (this.recorder?.settle(finished) ?? Promise.resolve(undefined))
      .then((stored) => {
        // The file is complete only once the leg has closed, so after the end: its event follows `ended` and rides in the finish.
        if (stored) this.finalEvents.push(this.sequence.reported('session.recordingReady', recordingReadyOf(stored), stored.createdAtMs));
        this.deps.onCdrWriting?.(finished);
        return this.writer.finish(finished, this.finalEvents);
      })
      .then(
        // Fenced: the CDR is the survivor's, not this record (SessionWriter logged it).
        (outcome) => outcome === 'written',
        (err: unknown) => {
          this.logger.error({ err }, 'could not write CDR');
          return false;
        },
      )
      .then((durable) => {
        this.deps.observer.publish({ type: 'session.ended', session: finished });
        this.emit('close', { record: finished, durable });
        this.removeAllListeners();
        if (traced) void traced.then(this.resolveClosed);
        else this.resolveClosed();
      });
  }
}

import type { Clock, TimerHandle } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { CallEvent, CallLeg } from '../telephony/carrier.ts';
import type { Storage } from '../storage/repositories.ts';
import type { SessionRecord } from '../domain/session.ts';
import { stepSession, type SessionCommand, type SessionEvent } from '../domain/session-machine.ts';
import { startIvr, stepIvr, type IvrCommand, type IvrEvent, type IvrState } from '../ivr/interpreter.ts';
import type { FlowDefinition } from '../ivr/loader.ts';
import type { SessionEventSink } from './session-events.ts';
import { SessionWriter } from './session-writer.ts';

export interface LiveCallDeps {
  clock: Clock;
  storage: Storage;
  events: SessionEventSink;
  logger: Logger;
}

/**
 * One call in flight: joins the line (CallLeg), the session state machine and the IVR
 * interpreter, and runs the commands they return. It owns its IVR timers and its leg;
 * `ended` resolves once the CDR is durable, on every end path.
 */
export class LiveCall {
  private session: SessionRecord;
  private ivr: IvrState | undefined;
  private leg: CallLeg | undefined;
  private readonly timers = new Map<string, TimerHandle>();
  private readonly writer: SessionWriter;
  private resolveEnded!: () => void;
  readonly ended: Promise<void>;

  constructor(
    session: SessionRecord,
    private readonly flow: FlowDefinition,
    private readonly deps: LiveCallDeps,
    private readonly onFinished: (record: SessionRecord, durable: boolean) => void,
  ) {
    this.session = session;
    this.writer = new SessionWriter(deps.storage, deps.logger);
    this.ended = new Promise((r) => (this.resolveEnded = r));
  }

  get sessionId(): string {
    return this.session.sessionId;
  }

  get record(): SessionRecord {
    return this.session;
  }

  /** Binds the dialed leg and makes the admission durable; resolves when the session row exists. */
  async admit(leg: CallLeg): Promise<void> {
    this.leg = leg;
    await this.writer.insert(this.session);
    this.deps.events.publish({ type: 'session.created', session: this.session });
  }

  /** The carrier's listener for this call. */
  readonly onCallEvent = (ev: CallEvent): void => {
    const at = this.deps.clock.now();
    switch (ev.type) {
      case 'ringing':
        return this.apply({ type: 'ringing', at }, 'session.ringing');
      case 'answered':
        return this.apply({ type: 'answered', at }, 'session.answered');
      case 'failed':
        return this.apply({ type: 'lineFailed', at, endStatus: ev.endStatus });
      case 'hangup':
        return this.apply({ type: 'remoteHangup', at });
      case 'dtmf':
        return this.feedIvr({ type: 'digit', at, digit: ev.digit });
      case 'playbackDone':
        return this.feedIvr({ type: 'playbackDone', at, playbackId: ev.playbackId });
    }
  };

  /** HangUpCall or shutdown. */
  hangup(reason: 'api' | 'shutdown'): void {
    this.apply({ type: 'hangupRequested', at: this.deps.clock.now(), reason });
  }

  private apply(ev: SessionEvent, publish?: 'session.ringing' | 'session.answered' | 'session.keyPressed'): void {
    const step = stepSession(this.session, ev);
    if (!step.changed) return;
    this.session = step.session;
    if (this.session.status !== 'finished') this.writer.save(this.session);
    if (publish) this.deps.events.publish({ type: publish, session: this.session });
    for (const cmd of step.commands) this.runSessionCommand(cmd);
  }

  private runSessionCommand(cmd: SessionCommand): void {
    switch (cmd.type) {
      case 'startIvr': {
        const s = this.session;
        const started = startIvr(this.flow, {
          at: this.deps.clock.now(),
          variables: s.variables,
          uui: s.uui,
          system: { callerNumber: s.caller, calleeNumber: s.callee, sessionId: s.sessionId },
        });
        this.ivr = started.state;
        return this.runIvrCommands(started.commands);
      }
      case 'stopIvr':
        return this.stopIvr();
      case 'hangupLine':
        return this.leg?.hangup();
      case 'finalize':
        return this.finalize();
    }
  }

  private feedIvr(ev: IvrEvent): void {
    if (!this.ivr || this.session.status !== 'inProgress') return;
    const step = stepIvr(this.flow, this.ivr, ev);
    this.ivr = step.state;
    this.runIvrCommands(step.commands);
  }

  private runIvrCommands(commands: IvrCommand[]): void {
    for (const cmd of commands) {
      if (this.session.status === 'finished') return;
      switch (cmd.type) {
        case 'play':
          this.leg?.play(cmd.playbackId, cmd.prompt);
          break;
        case 'stopPlayback':
          this.leg?.stopPlayback();
          break;
        case 'startTimer': {
          const id = cmd.timerId;
          this.timers.set(
            id,
            this.deps.clock.setTimer(cmd.delayMs, () => {
              this.timers.delete(id);
              this.feedIvr({ type: 'timer', at: this.deps.clock.now(), timerId: id });
            }),
          );
          break;
        }
        case 'cancelTimer': {
          const h = this.timers.get(cmd.timerId);
          if (h) this.deps.clock.clearTimer(h);
          this.timers.delete(cmd.timerId);
          break;
        }
        case 'recordKey':
          this.apply(
            {
              type: 'keyPressed',
              press: { key: cmd.key, label: cmd.label, nodeLabel: cmd.nodeLabel, timestampMs: cmd.at, ttsPrompt: cmd.ttsPrompt },
            },
            'session.keyPressed',
          );
          break;
        case 'hangup':
          this.apply({ type: 'ivrCompleted', at: this.deps.clock.now() });
          break;
      }
    }
  }

  private stopIvr(): void {
    for (const h of this.timers.values()) this.deps.clock.clearTimer(h);
    this.timers.clear();
    this.ivr = undefined;
  }

  private finalize(): void {
    this.stopIvr();
    this.leg?.close();
    const finished = this.session;
    this.writer
      .finish(finished)
      .then(
        () => true,
        (err: unknown) => {
          this.deps.logger.error({ err, sessionId: finished.sessionId }, 'could not write CDR');
          return false;
        },
      )
      .then((durable) => {
        this.deps.events.publish({ type: 'session.ended', session: finished });
        this.onFinished(finished, durable);
        this.resolveEnded();
      });
  }
}

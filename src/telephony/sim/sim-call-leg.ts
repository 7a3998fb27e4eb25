import type { Clock, TimerHandle } from '../../shared/clock.ts';
import type { CallEvent, CallEventListener, CallLeg, DialRequest, Prompt } from '../carrier.ts';
import { CalleeKeypad } from './callee-keypad.ts';
import { planLine, toMs, type LineResult } from './line-plan.ts';
import { OwnedTimers } from '../../shared/owned-timers.ts';
import { promptDurationMs } from './prompt-duration.ts';
import type { FixedOutcome } from './sim-config.ts';

export type SimLegState = 'dialing' | 'ringing' | 'answered' | 'ended';

/** One play() as the simulated line heard it: for tests and debugging. */
export interface PlayedPrompt {
  playbackId: string;
  prompt: Prompt;
  startedAt: number;
  /** When it finished or was cut; null while it plays. */
  endedAt: number | null;
  interrupted: boolean;
}

export interface SimLegDeps {
  clock: Clock;
  audioPromptMs: number;
  /** Called once when the leg ends, on any path. */
  onEnded: (leg: SimCallLeg) => void;
}

/**
 * One simulated call, scripted by its outcome and driven only by the clock. Every event is
 * reported from one of its own timers, never from inside one of its methods, so the app's
 * listener is never re-entered. It owns those timers: once it ends (failure, remote hangup,
 * hangup(), close()) all are cancelled and no event ever follows.
 */
export class SimCallLeg implements CallLeg {
  readonly sessionId: string;
  /** Every prompt played, in order. */
  readonly played: PlayedPrompt[] = [];
  private phase: SimLegState = 'dialing';
  private readonly timers: OwnedTimers;
  private readonly keypad: CalleeKeypad | undefined;
  private current: { entry: PlayedPrompt; timer: TimerHandle } | undefined;

  constructor(
    request: DialRequest,
    readonly outcome: FixedOutcome,
    private readonly listener: CallEventListener,
    private readonly deps: SimLegDeps,
  ) {
    this.sessionId = request.sessionId;
    this.timers = new OwnedTimers(deps.clock);
    if (outcome.kind === 'answer' && outcome.digits !== '') {
      const timing = { afterPromptMs: toMs(outcome.digitDelaySeconds), intervalMs: toMs(outcome.digitIntervalSeconds) };
      this.keypad = new CalleeKeypad(outcome.digits, timing, this.timers, (digit) => this.emit({ type: 'dtmf', digit }));
    }
    const plan = planLine(outcome, request.maxRingMs);
    this.timers.after(0, () => {
      if (!plan.rings) return this.settle(plan.result);
      this.phase = 'ringing';
      this.timers.after(plan.afterMs, () => this.settle(plan.result));
      this.emit({ type: 'ringing' });
    });
  }

  get state(): SimLegState {
    return this.phase;
  }

  /** Keys the simulated callee has not pressed yet. */
  get digitsLeft(): string {
    return this.keypad?.remaining ?? '';
  }

  play(playbackId: string, prompt: Prompt): void {
    if (this.phase === 'ended') return; // a command racing the end of the call: the line is gone
    if (this.phase !== 'answered')
      throw new Error(`play() before answer on session ${this.sessionId}: the simulated line has no early media`);
    this.cut();
    const entry: PlayedPrompt = { playbackId, prompt, startedAt: this.deps.clock.now(), endedAt: null, interrupted: false };
    this.played.push(entry);
    this.keypad?.promptStarted();
    const timer = this.timers.after(promptDurationMs(prompt, this.deps.audioPromptMs), () => {
      this.current = undefined;
      entry.endedAt = this.deps.clock.now();
      this.keypad?.promptEnded();
      this.emit({ type: 'playbackDone', playbackId, interrupted: false });
    });
    this.current = { entry, timer };
  }

  stopPlayback(): void {
    if (!this.current) return;
    this.cut();
    this.keypad?.promptEnded();
  }

  /** The app knows it hung up, so no event follows (neither before nor after answer). */
  hangup(): void {
    this.end();
  }

  close(): void {
    this.end();
  }

  private settle(result: LineResult): void {
    if (result.type === 'failed') return this.finish({ type: 'failed', endStatus: result.endStatus, reason: result.reason });
    this.phase = 'answered';
    const o = this.outcome;
    if (o.kind === 'answer' && o.hangupAfterSeconds !== undefined) {
      this.timers.after(toMs(o.hangupAfterSeconds), () => this.finish({ type: 'hangup' }));
    }
    this.keypad?.answered();
    this.emit({ type: 'answered' });
  }

  /** Stops the current prompt and reports it interrupted, from a timer like every event. */
  private cut(): void {
    const cur = this.current;
    if (!cur) return;
    this.current = undefined;
    this.timers.cancel(cur.timer);
    cur.entry.endedAt = this.deps.clock.now();
    cur.entry.interrupted = true;
    const { playbackId } = cur.entry;
    this.timers.after(0, () => this.emit({ type: 'playbackDone', playbackId, interrupted: true }));
  }

  /** A terminal event: the leg is over (and counted out) before the listener hears of it. */
  private finish(event: CallEvent): void {
    this.end();
    this.emit(event);
  }

  private end(): void {
    if (this.phase === 'ended') return;
    this.phase = 'ended';
    this.timers.cancelAll();
    if (this.current) {
      this.current.entry.endedAt = this.deps.clock.now();
      this.current.entry.interrupted = true;
      this.current = undefined;
    }
    this.deps.onEnded(this);
  }

  private emit(event: CallEvent): void {
    this.listener(event);
  }
}

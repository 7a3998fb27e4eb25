import type { Clock, TimerHandle } from '../../shared/clock.ts';
import { OwnedTimers } from '../../shared/owned-timers.ts';
import { TypedEmitter } from '../../shared/typed-emitter.ts';
import { promptDurationMs } from '../../domain/prompt.ts';
import type { CallLeg, CallLegEvents, PlayOptions, Prompt, RecordOptions, TransferProgress } from '../carrier.ts';
import { CalleeKeypad } from './callee-keypad.ts';
import { toMs } from './line-plan.ts';
import { SimRecording } from './sim-recording.ts';

export type SimLegState = 'offered' | 'dialing' | 'ringing' | 'answered' | 'ended';

/** One play() as the simulated line heard it: for tests and debugging. */
export interface PlayedPrompt {
  playbackId: string;
  prompt: Prompt;
  startedAt: number;
  /** When it finished or was cut; null while it plays. */
  endedAt: number | null;
  interrupted: boolean;
}

/** How the simulated party behaves once the call is up. */
export interface PartyScript {
  digits: string;
  digitDelaySeconds: number;
  digitIntervalSeconds: number;
  hangupAfterSeconds?: number | undefined;
}

/** A text prompt, as the sim line is asked to time it. */
export type TextPrompt = Extract<Prompt, { kind: 'text' }>;

/**
 * How long a text prompt speaks when TTS measures it: a number when already rendered, a promise while
 * it renders, undefined to use the estimate (no TTS). The app builds it from media/tts SpeechDurations.
 */
export type TextPromptTiming = (prompt: TextPrompt) => number | Promise<number> | undefined;

export interface SimLineDeps {
  clock: Clock;
  /** Real speech lengths; without it text prompts play for the estimate (domain/prompt.ts). */
  textPromptMs?: TextPromptTiming | undefined;
  /** How long an audio prompt of unknown length plays. */
  audioPromptMs: number;
  /** How long a transfer takes to be accepted. */
  transferMs: number;
  /** Called once when the line ends, on any path. */
  onEnded: (line: SimLine) => void;
}

/**
 * What every simulated call does once it is up, outbound or inbound: plays prompts for their
 * estimated time, lets the scripted party press keys when the IVR waits, records, transfers
 * and hangs up on schedule. Every event is emitted from one of its own timers, never from
 * inside one of its methods, so listeners are never re-entered; it owns those timers, and once
 * it ends (failure, remote hangup, hangup(), close()) all are cancelled and only `close` follows.
 */
export abstract class SimLine extends TypedEmitter<CallLegEvents> implements CallLeg {
  /** Every prompt played, in order. */
  readonly played: PlayedPrompt[] = [];
  protected phase: SimLegState;
  protected readonly timers: OwnedTimers;
  private readonly keypad: CalleeKeypad | undefined;
  /** `timer` is unset while the prompt's speech is still being measured. */
  private current: { entry: PlayedPrompt; timer: TimerHandle | undefined; bargeIn: boolean } | undefined;
  private answeredAt = 0;
  private readonly recordings = new Set<SimRecording>();
  private recordingSeq = 0;

  constructor(
    readonly id: string,
    initial: SimLegState,
    private readonly script: PartyScript | undefined,
    protected readonly deps: SimLineDeps,
  ) {
    super();
    this.phase = initial;
    this.timers = new OwnedTimers(deps.clock);
    if (script && script.digits !== '') {
      const timing = { afterPromptMs: toMs(script.digitDelaySeconds), intervalMs: toMs(script.digitIntervalSeconds) };
      this.keypad = new CalleeKeypad(script.digits, timing, this.timers, (digit) => this.press(digit));
    }
  }

  get state(): SimLegState {
    return this.phase;
  }

  get closed(): boolean {
    return this.phase === 'ended';
  }

  /** Keys the simulated party has not pressed yet. */
  get digitsLeft(): string {
    return this.keypad?.remaining ?? '';
  }

  play(playbackId: string, prompt: Prompt, options: PlayOptions = {}): void {
    if (this.phase === 'ended') return; // a command racing the end of the call: the line is gone
    if (this.phase !== 'answered') throw new Error(`play() before answer on call ${this.id}: the simulated line has no early media`);
    this.cut('stopped');
    const entry: PlayedPrompt = { playbackId, prompt, startedAt: this.deps.clock.now(), endedAt: null, interrupted: false };
    this.played.push(entry);
    this.keypad?.promptStarted();
    const finished = () => {
      this.current = undefined;
      entry.endedAt = this.deps.clock.now();
      this.keypad?.promptEnded();
      this.emit('playbackDone', { playbackId, reason: 'finished' });
    };
    const estimate = promptDurationMs(prompt, this.deps.audioPromptMs);
    const measured = prompt.kind === 'text' ? this.deps.textPromptMs?.(prompt) : undefined;
    const current: { entry: PlayedPrompt; timer: TimerHandle | undefined; bargeIn: boolean } = {
      entry,
      timer: undefined,
      bargeIn: options.bargeIn ?? false,
    };
    this.current = current;
    if (!(measured instanceof Promise)) {
      current.timer = this.timers.after(measured ?? estimate, finished);
      return;
    }
    // Rendering first: the prompt still counts from when play() was called, as a line that
    // synthesizes ahead of the first packet would; a render that fails keeps the estimate.
    void measured
      .catch(() => estimate)
      .then((ms) => {
        if (this.current !== current) return; // cut or ended while it rendered
        current.timer = this.timers.after(Math.max(0, entry.startedAt + ms - this.deps.clock.now()), finished);
      });
  }

  stopPlayback(): void {
    if (!this.current) return;
    this.cut('stopped');
    this.keypad?.promptEnded();
  }

  /** A blind transfer: trying at once, accepted after `transferMs`, then the line leaves the call. */
  transfer(target: string): void {
    if (this.phase !== 'answered') return;
    const progress = (p: Omit<TransferProgress, 'target'>) => this.emit('transfer', { target, ...p });
    this.timers.after(0, () => progress({ state: 'trying' }));
    this.timers.after(this.deps.transferMs, () => {
      progress({ state: 'accepted', sipStatus: 202 });
      if (!this.end()) return;
      progress({ state: 'completed', sipStatus: 200 });
      this.emitClose();
    });
  }

  /** Records from now until stop() or the end of the line; on an ended line it completes at once, empty. */
  record(options: RecordOptions): SimRecording {
    const rec = new SimRecording(`${this.id}-r${++this.recordingSeq}`, options, this.deps.clock);
    if (this.phase === 'ended') rec.stop();
    else {
      this.recordings.add(rec);
      rec.once('close', () => this.recordings.delete(rec));
    }
    return rec;
  }

  /** The app knows it hung up, so no line event follows (neither before nor after answer). */
  hangup(): void {
    if (this.end()) this.emitClose();
  }

  /** Like mediasoup's close(): tears down, then emits `close` once, synchronously. */
  close(): void {
    if (this.end()) this.emitClose();
  }

  /** The call is up: media flows, the party's script starts. */
  protected becomeAnswered(): void {
    this.phase = 'answered';
    this.answeredAt = this.deps.clock.now();
    const after = this.script?.hangupAfterSeconds;
    if (after !== undefined) this.timers.after(toMs(after), () => this.finishWith('hangup', { reason: 'remote hangup' }));
    this.keypad?.answered();
    this.emit('answered');
  }

  /** A terminal event: the line is over (and counted out) before the listener hears of it. */
  protected finishWith<K extends 'failed' | 'hangup'>(event: K, ...args: CallLegEvents[K]): void {
    if (!this.end()) return;
    this.emit(event, ...args);
    this.emitClose();
  }

  /** Tears the line down once; false when it already was. */
  protected end(): boolean {
    if (this.phase === 'ended') return false;
    this.phase = 'ended';
    this.timers.cancelAll();
    if (this.current) {
      this.current.entry.endedAt = this.deps.clock.now();
      this.current.entry.interrupted = true;
      this.current = undefined;
    }
    // The line ending completes its recordings (their `done` follows once each file is written).
    for (const r of [...this.recordings]) r.stop();
    this.deps.onEnded(this);
    return true;
  }

  private emitClose(): void {
    this.emit('close');
    this.removeAllListeners();
  }

  private press(digit: string): void {
    if (this.current?.bargeIn) this.cut('bargeIn');
    this.emit('dtmf', { digit, source: 'sim', mediaTimeMs: this.deps.clock.now() - this.answeredAt });
  }

  /** Stops the current prompt and reports why, from a timer like every event. */
  private cut(reason: 'stopped' | 'bargeIn'): void {
    const cur = this.current;
    if (!cur) return;
    this.current = undefined;
    if (cur.timer) this.timers.cancel(cur.timer);
    cur.entry.endedAt = this.deps.clock.now();
    cur.entry.interrupted = true;
    const { playbackId } = cur.entry;
    if (reason === 'bargeIn') this.emit('playbackDone', { playbackId, reason });
    else this.timers.after(0, () => this.emit('playbackDone', { playbackId, reason }));
  }
}

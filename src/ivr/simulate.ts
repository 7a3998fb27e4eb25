import { promptDurationMs, type Prompt } from '../domain/prompt.ts';
import type { FlowDefinition } from './flow.ts';
import { isListening, startIvr, stepIvr, variablesOf, type IvrCommand, type IvrEvent, type IvrStep } from './interpreter.ts';
import type { IvrEndReason } from './state.ts';

export interface SimulateOptions {
  /** Keys the caller presses, in order: 0-9, * and #. */
  digits?: string;
  /** When each key is pressed (ms after answer). Default: each key keyGapMs after the IVR starts listening. */
  digitTimesMs?: number[];
  keyGapMs?: number;
  variables?: Record<string, string>;
  uui?: string;
  callerNumber?: string;
  calleeNumber?: string;
  sessionId?: string;
  /** How long a prompt plays; default promptDurationMs, the simulated carrier's timing (audio measured at load). */
  promptMs?: (prompt: Prompt) => number;
  /** Virtual time after which a flow that has not ended is abandoned. */
  maxMs?: number;
}

export interface TranscriptLine {
  atMs: number;
  what: string;
}

export interface SimulatedKeyPress {
  key: string;
  label?: string;
  nodeLabel?: string;
  atMs: number;
  ttsPrompt?: string;
}

/** One prompt as the callee heard it: from `atMs` to `endMs` (earlier than atMs + durationMs when cut). */
export interface SimulatedPlayback {
  atMs: number;
  prompt: Prompt;
  durationMs: number;
  endMs: number;
  interrupted: boolean;
}

export interface SimulationResult {
  transcript: TranscriptLine[];
  /** Every prompt played, in order: the timeline of what the callee hears (silence between). */
  played: SimulatedPlayback[];
  keyPresses: SimulatedKeyPress[];
  variables: Record<string, string>;
  finished: boolean;
  endReason: IvrEndReason | null;
  durationMs: number;
  /** Keys the flow never got to hear. */
  unusedDigits: string;
}

const DTMF = /^[0-9*#]*$/;

/** Checks simulate's input; the message is fit for a user. */
export function simulationInputProblem(options: SimulateOptions): string | undefined {
  const digits = options.digits ?? '';
  if (!DTMF.test(digits)) return `digits "${digits}" may contain only 0-9, * and #`;
  const times = options.digitTimesMs;
  if (times) {
    if (times.length !== digits.length) return `${times.length} key times given for ${digits.length} digits`;
    if (times.some((t, i) => !Number.isFinite(t) || t < 0 || (i > 0 && t < times[i - 1]!)))
      return 'key times must be numbers >= 0 in increasing order';
  }
  return undefined;
}

type Pending = { at: number; seq: number; event: IvrEvent };

/**
 * Runs a flow offline in virtual time from answer (t = 0): prompts take their estimated
 * duration, timers fire when due, and the caller presses keys on schedule.
 */
export function simulate(flow: FlowDefinition, options: SimulateOptions = {}): SimulationResult {
  const problem = simulationInputProblem(options);
  if (problem) throw new RangeError(problem);
  const promptMs = options.promptMs ?? ((p: Prompt) => promptDurationMs(p));
  const keyGapMs = options.keyGapMs ?? 300;
  const maxMs = options.maxMs ?? 3_600_000;
  const transcript: TranscriptLine[] = [];
  const keyPresses: SimulatedKeyPress[] = [];
  const played: SimulatedPlayback[] = [];
  let queue: Pending[] = [];
  let seq = 0;
  let now = 0;
  let playing: string | null = null;
  let digits = options.digits ?? '';
  let keyScheduled = false;
  const timerMs = new Map<string, number>();
  const say = (what: string) => transcript.push({ atMs: now, what });
  const schedule = (at: number, event: IvrEvent) => queue.push({ at, seq: seq++, event });
  const unschedule = (match: (e: IvrEvent) => boolean) => (queue = queue.filter((p) => !match(p.event)));

  options.digitTimesMs?.forEach((at, i) => schedule(at, { type: 'digit', at, digit: digits[i]! }));
  if (options.digitTimesMs) keyScheduled = true;

  const run = (commands: IvrCommand[]) => {
    for (const c of commands) {
      switch (c.type) {
        case 'play': {
          const ms = promptMs(c.prompt);
          say(`${c.prompt.kind === 'text' ? `play "${c.prompt.text}"` : `play audio ${c.prompt.path}`} (${ms} ms)`);
          // A carrier's new play() replaces the prompt still playing, as the sim line does.
          const previous = played[played.length - 1];
          if (playing !== null && previous && previous.endMs > now) Object.assign(previous, { endMs: now, interrupted: true });
          playing = c.playbackId;
          played.push({ atMs: now, prompt: c.prompt, durationMs: ms, endMs: now + ms, interrupted: false });
          schedule(now + ms, { type: 'playbackDone', at: now + ms, playbackId: c.playbackId });
          break;
        }
        case 'stopPlayback':
          // A carrier reports the stopped playback as done at once; the interpreter ignores it.
          if (playing !== null) {
            const id = playing;
            unschedule((e) => e.type === 'playbackDone' && e.playbackId === id);
            schedule(now, { type: 'playbackDone', at: now, playbackId: id });
            say('prompt interrupted');
            const cut = played[played.length - 1];
            if (cut) Object.assign(cut, { endMs: now, interrupted: true });
          }
          playing = null;
          break;
        case 'startTimer':
          say(`wait for a key, up to ${c.delayMs} ms`);
          timerMs.set(c.timerId, c.delayMs);
          schedule(now + c.delayMs, { type: 'timer', at: now + c.delayMs, timerId: c.timerId });
          break;
        case 'cancelTimer':
          unschedule((e) => e.type === 'timer' && e.timerId === c.timerId);
          break;
        case 'recordKey': {
          const { type: _type, at, ...rest } = c;
          keyPresses.push({ ...rest, atMs: at });
          say(
            `record key "${c.key}"${c.label !== undefined ? ` label "${c.label}"` : ''}${c.nodeLabel !== undefined ? ` at node "${c.nodeLabel}"` : ''}`,
          );
          break;
        }
        // Reports for the app's events; the transcript already shows what the caller hears.
        case 'nodeEntered':
        case 'variableSet':
        case 'hangup':
          break;
      }
    }
  };

  let step: IvrStep = startIvr(flow, {
    at: 0,
    variables: { ...options.variables },
    uui: options.uui ?? '',
    system: {
      callerNumber: options.callerNumber ?? '008610000000001',
      calleeNumber: options.calleeNumber ?? '008612300000000',
      sessionId: options.sessionId ?? 'simulated-session',
    },
  });
  run(step.commands);
  while (step.state.end === null) {
    if (!keyScheduled && digits.length > 0 && isListening(step.state)) {
      schedule(now + keyGapMs, { type: 'digit', at: now + keyGapMs, digit: digits[0]! });
      keyScheduled = true;
    }
    const next = queue.reduce<Pending | undefined>((a, p) => (!a || p.at < a.at || (p.at === a.at && p.seq < a.seq) ? p : a), undefined);
    if (!next || next.at > maxMs) {
      now = Math.min(next?.at ?? now, maxMs);
      say(next ? `still running after ${maxMs} ms: abandoned` : 'nothing left to wait for: abandoned');
      break;
    }
    queue = queue.filter((p) => p !== next);
    now = next.at;
    const ev = next.event;
    if (ev.type === 'playbackDone' && ev.playbackId === playing) playing = null;
    if (ev.type === 'digit') {
      digits = digits.slice(1);
      if (!options.digitTimesMs) keyScheduled = false;
    }
    const before = step.state;
    step = stepIvr(flow, before, ev);
    if (ev.type === 'digit') say(`caller presses ${ev.digit}${step.state === before ? ' (ignored)' : ''}`);
    if (ev.type === 'timer' && step.state !== before) say(`timeout: no key for ${timerMs.get(ev.timerId) ?? 0} ms`);
    run(step.commands);
  }
  if (step.state.end !== null) say(`hangup (${step.state.end})`);
  for (const p of played) {
    // A call that ends (or is abandoned) mid-prompt cuts it there.
    if (p.endMs > now) Object.assign(p, { endMs: now, interrupted: true });
  }
  return {
    transcript,
    played,
    keyPresses,
    variables: variablesOf(step.state),
    finished: step.state.end !== null,
    endReason: step.state.end,
    durationMs: now,
    unusedDigits: digits,
  };
}

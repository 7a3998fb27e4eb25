import type { Prompt } from '../domain/prompt.ts';
import type { IvrCommand } from './commands.ts';
import { renderPrompt, type PromptSpec } from './prompt.ts';
import { lookupIn, type IvrEndReason, type IvrPhase, type IvrState } from './state.ts';

/**
 * The helpers node kinds step with. Each takes a state and returns a new one, appending the
 * commands it implies to `ctx.out`; `ctx` lives for one startIvr/stepIvr call only, so the
 * interpreter stays pure from the outside.
 */
export interface StepContext {
  /** Time of the event being handled (Unix ms), stamped on recorded keys. */
  at: number;
  out: IvrCommand[];
}

export function render(s: IvrState, spec: PromptSpec): Prompt {
  return renderPrompt(spec, lookupIn(s));
}

export function play(ctx: StepContext, s: IvrState, spec: PromptSpec, phase: IvrPhase): IvrState {
  const playbackId = `p${s.seq + 1}`;
  // Keys barge into a menu's or collect's prompt and notices; the carrier may cut those at the first digit.
  const bargeIn = phase === 'prompt' || phase === 'notice';
  ctx.out.push(
    bargeIn ? { type: 'play', playbackId, prompt: render(s, spec), bargeIn } : { type: 'play', playbackId, prompt: render(s, spec) },
  );
  return { ...s, seq: s.seq + 1, playbackId, phase };
}

export function stopPlayback(ctx: StepContext, s: IvrState): IvrState {
  if (s.playbackId === null) return s;
  ctx.out.push({ type: 'stopPlayback' });
  return { ...s, playbackId: null };
}

export function startTimer(ctx: StepContext, s: IvrState, seconds: number, phase: IvrPhase): IvrState {
  const timerId = `t${s.seq + 1}`;
  ctx.out.push({ type: 'startTimer', timerId, delayMs: Math.round(seconds * 1000) });
  return { ...s, seq: s.seq + 1, timerId, phase };
}

export function cancelTimer(ctx: StepContext, s: IvrState): IvrState {
  if (s.timerId === null) return s;
  ctx.out.push({ type: 'cancelTimer', timerId: s.timerId });
  return { ...s, timerId: null };
}

/** Ends the flow: nothing may be left running, and `hangup` is the last command. */
export function endFlow(ctx: StepContext, s: IvrState, reason: IvrEndReason): IvrState {
  const quiet = stopPlayback(ctx, cancelTimer(ctx, s));
  ctx.out.push({ type: 'hangup' });
  return { ...quiet, phase: 'done', end: reason };
}

/** Leaves the current node for `target`; with no target the flow ends for `reason`. */
export function goTo(ctx: StepContext, s: IvrState, target: string | undefined, reason: IvrEndReason): IvrState {
  if (target === undefined) return endFlow(ctx, s, reason);
  const quiet = stopPlayback(ctx, cancelTimer(ctx, s));
  return { ...quiet, nodeId: target, phase: 'enter', attempt: 0, digits: '' };
}

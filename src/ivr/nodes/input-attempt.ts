import type { PromptSpec } from '../prompt.ts';
import type { IvrState } from '../state.ts';
import { goTo, play, startTimer, stopPlayback, cancelTimer, type StepContext } from '../step-kit.ts';

/** What menu and collect share: a prompt, a first-key timeout, retries and their notices. */
export interface InputNode {
  prompt?: PromptSpec | undefined;
  timeoutSeconds: number;
  retries: number;
  noInputPrompt?: PromptSpec | undefined;
  invalidPrompt?: PromptSpec | undefined;
  onFailure?: string | undefined;
}

/** Starts an attempt: play the prompt, or listen at once when there is none. */
export function ask(ctx: StepContext, s: IvrState, node: InputNode): IvrState {
  return node.prompt ? play(ctx, s, node.prompt, 'prompt') : listen(ctx, s, node);
}

/** The input timer starts only once the prompt has finished. */
export function listen(ctx: StepContext, s: IvrState, node: InputNode): IvrState {
  return startTimer(ctx, s, node.timeoutSeconds, 'waiting');
}

/** A notice finished: ask again; the prompt finished: listen. */
export function promptFinished(ctx: StepContext, s: IvrState, node: InputNode): IvrState {
  if (s.phase === 'notice') return ask(ctx, s, node);
  if (s.phase === 'prompt') return listen(ctx, s, node);
  return s;
}

/** A key barges in: the prompt stops and any running timer is void. */
export function bargeIn(ctx: StepContext, s: IvrState): IvrState {
  return cancelTimer(ctx, stopPlayback(ctx, s));
}

/**
 * The attempt failed. With retries left, play the matching notice (if any) and ask again;
 * otherwise go to onFailure, or end the flow when there is none. No notice is played on the
 * last failure: the onFailure node speaks for itself.
 */
export function failAttempt(ctx: StepContext, s: IvrState, node: InputNode, why: 'noInput' | 'invalid'): IvrState {
  const quiet = bargeIn(ctx, s);
  const attempt = quiet.attempt + 1;
  if (attempt > node.retries) return goTo(ctx, quiet, node.onFailure, 'inputFailed');
  const next = { ...quiet, attempt, digits: '' };
  const notice = why === 'noInput' ? node.noInputPrompt : node.invalidPrompt;
  return notice ? play(ctx, next, notice, 'notice') : ask(ctx, next, node);
}

import type { FlowDefinition } from './flow.ts';
import type { IvrCommand, IvrEvent } from './commands.ts';
import { kindOf } from './nodes/index.ts';
import type { IvrState } from './state.ts';
import { endFlow, type StepContext } from './step-kit.ts';

export type { IvrCommand, IvrEvent } from './commands.ts';
export type { IvrEndReason, IvrPhase, IvrState, SystemVariables } from './state.ts';

/** Nodes entered while handling one event before the flow is declared a runaway. */
export const MAX_TRANSITIONS = 1000;

const DTMF = /^[0-9*#]$/;

export interface IvrInit {
  at: number;
  /** Request Variables, Key -> Value. */
  variables: Record<string, string>;
  uui: string;
  system: { callerNumber: string; calleeNumber: string; sessionId: string };
}

export interface IvrStep {
  state: IvrState;
  commands: IvrCommand[];
}

/** Enters the flow's start node. Pure: the app runs the returned commands. */
export function startIvr(flow: FlowDefinition, init: IvrInit): IvrStep {
  const state: IvrState = {
    nodeId: flow.start,
    phase: 'enter',
    attempt: 0,
    digits: '',
    playbackId: null,
    timerId: null,
    seq: 0,
    variables: { ...init.variables },
    system: {
      SystemCallerNumber: init.system.callerNumber,
      SystemCalleeNumber: init.system.calleeNumber,
      SystemSessionId: init.system.sessionId,
      UUI: init.uui,
    },
    end: null,
  };
  const ctx: StepContext = { at: init.at, out: [] };
  return { state: settle(flow, ctx, state), commands: ctx.out };
}

/**
 * Feeds one event. Events for a playback or timer the state no longer waits for are stale
 * and change nothing, as does anything after the flow has finished.
 */
export function stepIvr(flow: FlowDefinition, state: IvrState, event: IvrEvent): IvrStep {
  const unchanged: IvrStep = { state, commands: [] };
  if (state.end !== null) return unchanged;
  const node = flow.nodes[state.nodeId];
  const ctx: StepContext = { at: event.at, out: [] };
  if (!node) return { state: endFlow(ctx, state, 'missingNode'), commands: ctx.out };
  const kind = kindOf(node);
  let next: IvrState;
  switch (event.type) {
    case 'playbackDone':
      if (event.playbackId !== state.playbackId) return unchanged;
      next = kind.playbackDone(ctx, { ...state, playbackId: null }, node);
      break;
    case 'timer':
      if (event.timerId !== state.timerId) return unchanged;
      next = kind.timer(ctx, { ...state, timerId: null }, node);
      break;
    case 'digit':
      if (!DTMF.test(event.digit)) return unchanged;
      next = kind.digit(ctx, state, node, event.digit);
      break;
  }
  return { state: settle(flow, ctx, next), commands: ctx.out };
}

/** Enters nodes until one waits for something (a playback, a timer) or the flow ends. */
function settle(flow: FlowDefinition, ctx: StepContext, s: IvrState): IvrState {
  let state = s;
  for (let n = 0; state.phase === 'enter'; n++) {
    if (n >= MAX_TRANSITIONS) return endFlow(ctx, state, 'runaway');
    const node = flow.nodes[state.nodeId];
    if (!node) return endFlow(ctx, state, 'missingNode');
    ctx.out.push(
      node.label === undefined
        ? { type: 'nodeEntered', nodeId: state.nodeId, nodeType: node.type }
        : { type: 'nodeEntered', nodeId: state.nodeId, nodeType: node.type, label: node.label },
    );
    state = kindOf(node).enter(ctx, state, node);
  }
  return state;
}

export function isFinished(state: IvrState): boolean {
  return state.end !== null;
}

/** True while a menu or collect listens with its timer running (the prompt has finished). */
export function isListening(state: IvrState): boolean {
  return state.phase === 'waiting' || state.phase === 'collecting';
}

/** Every variable `${}` can see: request Variables, set/collect results, UUI and System*. */
export function variablesOf(state: IvrState): Record<string, string> {
  return { ...state.variables, ...state.system };
}

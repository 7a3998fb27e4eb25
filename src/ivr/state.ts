import type { VariableLookup } from './template.ts';

/**
 * Where a node is in its own small life:
 * - enter: about to run the node (the interpreter enters it before returning);
 * - playing: a play/hangup prompt is playing;
 * - notice / prompt: a menu or collect is playing its no-input/invalid notice, or its prompt
 *   (digits barge in);
 * - waiting: listening for the first key, with the timeout timer running;
 * - collecting: a collect has digits and runs its inter-digit timer;
 * - done: the flow has ended.
 */
export type IvrPhase = 'enter' | 'playing' | 'notice' | 'prompt' | 'waiting' | 'collecting' | 'done';

/**
 * Why a flow ended: a hangup node; a menu/collect ran out of retries with no onFailure;
 * more than MAX_TRANSITIONS nodes without waiting for anything; the state names a node the
 * flow does not have (state persisted under another version of the flow).
 */
export type IvrEndReason = 'hangupNode' | 'inputFailed' | 'runaway' | 'missingNode';

/** `${}` names the system provides; request Variables may not use them (docs/api.md). */
export interface SystemVariables {
  SystemCallerNumber: string;
  SystemCalleeNumber: string;
  SystemSessionId: string;
  UUI: string;
}

/** Plain JSON data, never mutated: every step returns a new object. */
export interface IvrState {
  readonly nodeId: string;
  readonly phase: IvrPhase;
  /** Failed attempts so far at the current menu/collect. */
  readonly attempt: number;
  /** Digits a collect has gathered in this attempt. */
  readonly digits: string;
  /** The playback and timer the interpreter waits for; events naming others are stale. */
  readonly playbackId: string | null;
  readonly timerId: string | null;
  /** Counter behind deterministic playback/timer ids. */
  readonly seq: number;
  /** Request Variables plus what set/collect nodes stored. */
  readonly variables: Readonly<Record<string, string>>;
  readonly system: Readonly<SystemVariables>;
  readonly end: IvrEndReason | null;
}

export function lookupIn(s: IvrState): VariableLookup {
  return (name) =>
    Object.hasOwn(s.system, name)
      ? s.system[name as keyof SystemVariables]
      : Object.hasOwn(s.variables, name)
        ? s.variables[name]
        : undefined;
}

import type { IvrState } from '../state.ts';
import type { StepContext } from '../step-kit.ts';
import type { PromptSpec } from '../prompt.ts';

/**
 * How a node leaves: `auto` without waiting for the caller (play, set), `input` only after
 * the caller pressed keys, `failure` after retries ran out (which silence alone can cause).
 */
export type EdgeKind = 'auto' | 'input' | 'failure';

export interface FlowEdge {
  /** Key path inside the node, e.g. ["options", "1", "next"]. */
  path: string[];
  target: string;
  kind: EdgeKind;
}

/** What one node kind must provide. Events reach it only when they are not stale. */
export interface NodeKind<N> {
  enter(ctx: StepContext, s: IvrState, node: N): IvrState;
  playbackDone(ctx: StepContext, s: IvrState, node: N): IvrState;
  digit(ctx: StepContext, s: IvrState, node: N, digit: string): IvrState;
  timer(ctx: StepContext, s: IvrState, node: N): IvrState;
  edges(node: N): FlowEdge[];
  /** Every prompt with its key path: the loader resolves audio through it, the validator checks `${` syntax. */
  prompts(node: N): { path: string[]; prompt: PromptSpec }[];
  /** Rules of this kind that the schema cannot express; `report` takes a key path inside the node. */
  check(node: N, report: (path: string[], message: string) => void): void;
}

import { z } from 'zod';
import { promptSchema } from '../prompt.ts';
import { endFlow, play } from '../step-kit.ts';
import { label, noChecks } from './common.ts';
import type { NodeKind } from './node-kind.ts';

/** Ends the flow, after an optional goodbye prompt; keys during the goodbye are ignored. */
export const hangupNodeSchema = z.strictObject({
  type: z.literal('hangup'),
  label,
  prompt: promptSchema.optional(),
});

export type HangupNode = z.output<typeof hangupNodeSchema>;

export const hangupKind: NodeKind<HangupNode> = {
  enter: (ctx, s, node) => (node.prompt ? play(ctx, s, node.prompt, 'playing') : endFlow(ctx, s, 'hangupNode')),
  playbackDone: (ctx, s) => endFlow(ctx, s, 'hangupNode'),
  digit: (_ctx, s) => s,
  timer: (_ctx, s) => s,
  edges: () => [],
  prompts: (node) => (node.prompt ? [{ path: ['prompt'], prompt: node.prompt }] : []),
  check: noChecks,
};

import { z } from 'zod';
import { promptSchema } from '../prompt.ts';
import { goTo, play } from '../step-kit.ts';
import { label, noChecks, target } from './common.ts';
import type { NodeKind } from './node-kind.ts';

/** Plays one prompt, then moves on. Keys pressed meanwhile are ignored (not recorded). */
export const playNodeSchema = z.strictObject({
  type: z.literal('play'),
  label,
  prompt: promptSchema,
  next: target,
});

export type PlayNode = z.output<typeof playNodeSchema>;

export const playKind: NodeKind<PlayNode> = {
  enter: (ctx, s, node) => play(ctx, s, node.prompt, 'playing'),
  playbackDone: (ctx, s, node) => goTo(ctx, s, node.next, 'missingNode'),
  digit: (_ctx, s) => s,
  timer: (_ctx, s) => s,
  edges: (node) => [{ path: ['next'], target: node.next, kind: 'auto' }],
  prompts: (node) => [{ path: ['prompt'], prompt: node.prompt }],
  check: noChecks,
};

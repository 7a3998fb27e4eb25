import { z } from 'zod';
import { promptText } from '../../domain/prompt.ts';
import { promptSchema } from '../prompt.ts';
import { goTo, render } from '../step-kit.ts';
import { label, nodeLabelOf, retries, seconds, target } from './common.ts';
import { ask, bargeIn, failAttempt, promptFinished } from './input-attempt.ts';
import type { NodeKind } from './node-kind.ts';

const OPTION_KEY = /^[0-9*#]$/;

/** `"1": thanks` is short for `"1": { next: thanks }`. */
const option = z.union(
  [target.transform((next): { next: string; label?: string | undefined } => ({ next })), z.strictObject({ next: target, label })],
  {
    error: (issue) => (issue.code === 'invalid_union' ? 'an option is a node id or { next, label? }' : undefined),
  },
);

/**
 * One key chooses a branch. Keys barge into the prompt; the timeout runs from the end of the
 * prompt. A valid key is recorded (IVRKeyPressedEx) and followed; an invalid key or silence
 * costs an attempt.
 */
export const menuNodeSchema = z.strictObject({
  type: z.literal('menu'),
  label,
  prompt: promptSchema,
  options: z.record(z.string(), option),
  timeoutSeconds: seconds.default(5),
  retries: retries.default(2),
  noInputPrompt: promptSchema.optional(),
  invalidPrompt: promptSchema.optional(),
  onFailure: target.optional(),
});

export type MenuNode = z.output<typeof menuNodeSchema>;

export const menuKind: NodeKind<MenuNode> = {
  enter: (ctx, s, node) => ask(ctx, s, node),
  playbackDone: (ctx, s, node) => promptFinished(ctx, s, node),
  digit: (ctx, s, node, digit) => {
    const quiet = bargeIn(ctx, s);
    const chosen = Object.hasOwn(node.options, digit) ? node.options[digit] : undefined;
    if (!chosen) return failAttempt(ctx, quiet, node, 'invalid');
    const tts = promptText(render(s, node.prompt));
    ctx.out.push({
      type: 'recordKey',
      key: digit,
      ...(chosen.label !== undefined && { label: chosen.label }),
      nodeLabel: nodeLabelOf(node, s.nodeId),
      at: ctx.at,
      ...(tts !== undefined && { ttsPrompt: tts }),
    });
    return goTo(ctx, quiet, chosen.next, 'missingNode');
  },
  timer: (ctx, s, node) => (s.phase === 'waiting' ? failAttempt(ctx, s, node, 'noInput') : s),
  edges: (node) => [
    ...Object.entries(node.options).map(([key, o]) => ({ path: ['options', key, 'next'], target: o.next, kind: 'input' as const })),
    ...(node.onFailure !== undefined ? [{ path: ['onFailure'], target: node.onFailure, kind: 'failure' as const }] : []),
  ],
  prompts: (node) => [
    { path: ['prompt'], prompt: node.prompt },
    ...(node.noInputPrompt ? [{ path: ['noInputPrompt'], prompt: node.noInputPrompt }] : []),
    ...(node.invalidPrompt ? [{ path: ['invalidPrompt'], prompt: node.invalidPrompt }] : []),
  ],
  check: (node, report) => {
    if (Object.keys(node.options).length === 0) report(['options'], 'a menu needs at least one option');
    for (const key of Object.keys(node.options)) {
      if (!OPTION_KEY.test(key)) report(['options', key], `option "${key}" must be one key: 0-9, * or #`);
    }
  },
};

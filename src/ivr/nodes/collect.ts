import { z } from 'zod';
import { promptText } from '../../domain/prompt.ts';
import { promptSchema } from '../prompt.ts';
import type { IvrState } from '../state.ts';
import { goTo, render, startTimer, type StepContext } from '../step-kit.ts';
import { label, nodeLabelOf, retries, seconds, target, variableProblem } from './common.ts';
import { ask, bargeIn, failAttempt, promptFinished } from './input-attempt.ts';
import type { NodeKind } from './node-kind.ts';

/**
 * Gathers a string of digits into a variable. Input ends with the terminator key, with
 * maxDigits keys, or when the inter-digit timeout passes; it is accepted when it has at least
 * minDigits keys. Accepted input is stored and recorded as one IVRKeyPressedEx entry whose
 * Key is the digits and whose Label is the variable name.
 */
export const collectNodeSchema = z.strictObject({
  type: z.literal('collect'),
  label,
  prompt: promptSchema.optional(),
  variable: z.string().min(1),
  minDigits: z.number().int().min(1).max(64).default(1),
  maxDigits: z.number().int().min(1).max(64).default(20),
  terminator: z.enum(['#', '*', 'none']).default('#'),
  timeoutSeconds: seconds.default(5),
  interDigitTimeoutSeconds: seconds.default(3),
  retries: retries.default(2),
  noInputPrompt: promptSchema.optional(),
  invalidPrompt: promptSchema.optional(),
  next: target,
  onFailure: target.optional(),
});

export type CollectNode = z.output<typeof collectNodeSchema>;

function finish(ctx: StepContext, s: IvrState, node: CollectNode): IvrState {
  if (s.digits.length < node.minDigits) return failAttempt(ctx, s, node, 'invalid');
  const tts = node.prompt ? promptText(render(s, node.prompt)) : undefined;
  ctx.out.push({
    type: 'recordKey',
    key: s.digits,
    label: node.variable,
    nodeLabel: nodeLabelOf(node, s.nodeId),
    at: ctx.at,
    ...(tts !== undefined && { ttsPrompt: tts }),
  });
  ctx.out.push({ type: 'variableSet', name: node.variable, value: s.digits, nodeId: s.nodeId });
  const stored = { ...s, variables: { ...s.variables, [node.variable]: s.digits } };
  return goTo(ctx, stored, node.next, 'missingNode');
}

export const collectKind: NodeKind<CollectNode> = {
  enter: (ctx, s, node) => ask(ctx, s, node),
  playbackDone: (ctx, s, node) => promptFinished(ctx, s, node),
  digit: (ctx, s, node, digit) => {
    const quiet = bargeIn(ctx, s);
    if (digit === node.terminator) return finish(ctx, quiet, node);
    const gathered = { ...quiet, digits: quiet.digits + digit };
    if (gathered.digits.length >= node.maxDigits) return finish(ctx, gathered, node);
    return startTimer(ctx, gathered, node.interDigitTimeoutSeconds, 'collecting');
  },
  timer: (ctx, s, node) => {
    if (s.phase === 'waiting') return failAttempt(ctx, s, node, 'noInput');
    if (s.phase === 'collecting') return finish(ctx, s, node);
    return s;
  },
  edges: (node) => [
    { path: ['next'], target: node.next, kind: 'input' },
    ...(node.onFailure !== undefined ? [{ path: ['onFailure'], target: node.onFailure, kind: 'failure' as const }] : []),
  ],
  prompts: (node) => [
    ...(node.prompt ? [{ path: ['prompt'], prompt: node.prompt }] : []),
    ...(node.noInputPrompt ? [{ path: ['noInputPrompt'], prompt: node.noInputPrompt }] : []),
    ...(node.invalidPrompt ? [{ path: ['invalidPrompt'], prompt: node.invalidPrompt }] : []),
  ],
  check: (node, report) => {
    const problem = variableProblem(node.variable);
    if (problem) report(['variable'], problem);
    if (node.minDigits > node.maxDigits) report(['minDigits'], `minDigits (${node.minDigits}) is more than maxDigits (${node.maxDigits})`);
  },
};

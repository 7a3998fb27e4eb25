import { z } from 'zod';
import { renderTemplate } from '../template.ts';
import { lookupIn } from '../state.ts';
import { goTo } from '../step-kit.ts';
import { label, target, variableProblem } from './common.ts';
import type { NodeKind } from './node-kind.ts';

/** YAML writes `count: 3` as a number; a variable is always a string. */
const value = z.union([z.string(), z.number(), z.boolean()]).transform(String);

/**
 * Stores variables, then moves on at once. Every value is rendered against the variables as
 * they were before this node, so the order of the keys does not matter.
 */
export const setNodeSchema = z.strictObject({
  type: z.literal('set'),
  label,
  variables: z.record(z.string(), value),
  next: target,
});

export type SetNode = z.output<typeof setNodeSchema>;

export const setKind: NodeKind<SetNode> = {
  enter: (ctx, s, node) => {
    const lookup = lookupIn(s);
    const assigned: Record<string, string> = {};
    for (const [name, template] of Object.entries(node.variables)) {
      assigned[name] = renderTemplate(template, lookup);
      ctx.out.push({ type: 'variableSet', name, value: assigned[name], nodeId: s.nodeId });
    }
    return goTo(ctx, { ...s, variables: { ...s.variables, ...assigned } }, node.next, 'missingNode');
  },
  playbackDone: (_ctx, s) => s,
  digit: (_ctx, s) => s,
  timer: (_ctx, s) => s,
  edges: (node) => [{ path: ['next'], target: node.next, kind: 'auto' }],
  prompts: () => [],
  check: (node, report) => {
    for (const name of Object.keys(node.variables)) {
      const problem = variableProblem(name);
      if (problem) report(['variables', name], problem);
    }
  },
};

import type { FlowDefinition } from './flow.ts';
import type { FlowIssue } from './flow-error.ts';
import { cyclicComponents, reachableFrom } from './graph.ts';
import { kindOf } from './nodes/index.ts';
import type { EdgeKind } from './nodes/node-kind.ts';
import { lineAt } from '../shared/yaml-source.ts';
import { parseTemplate } from './template.ts';

export interface FlowValidation {
  errors: FlowIssue[];
  warnings: FlowIssue[];
}

const NODE_ID = /^[A-Za-z0-9_-]+$/;

/** Static checks on a parsed flow: targets, per-kind rules, `${` syntax, reachability, loops. Pure. */
export function validateFlow(flow: FlowDefinition): FlowValidation {
  const errors: FlowIssue[] = [];
  const warnings: FlowIssue[] = [];
  const at = (list: FlowIssue[], path: (string | number)[], message: string) =>
    list.push({ file: flow.file, path: path.join('.'), line: lineAt(flow.lines, path), message });
  const ids = Object.keys(flow.nodes);
  const exists = (id: string) => Object.hasOwn(flow.nodes, id);

  if (!exists(flow.start)) at(errors, ['start'], `node "${flow.start}" does not exist`);
  for (const id of ids) {
    const node = flow.nodes[id]!;
    const base = ['nodes', id];
    if (!NODE_ID.test(id)) at(errors, base, `node id "${id}" may use only letters, digits, _ and -`);
    for (const e of kindOf(node).edges(node)) {
      if (!exists(e.target)) at(errors, [...base, ...e.path], `node "${e.target}" does not exist`);
    }
    for (const { path, prompt } of kindOf(node).prompts(node)) {
      if (prompt.kind === 'text' && parseTemplate(prompt.text).unterminated) {
        at(warnings, [...base, ...path], '"${" without a closing "}" is spoken as written (write $${ for a literal ${)');
      }
    }
    kindOf(node).check(node, (path, message) => at(errors, [...base, ...path], message));
  }

  if (exists(flow.start)) {
    const reachable = reachableFrom(flow.start, successors(flow, ['auto', 'input', 'failure']));
    for (const id of ids) if (!reachable.has(id)) at(warnings, ['nodes', id], `node "${id}" is unreachable from start "${flow.start}"`);
  }
  const describe = (c: string[]) => [...c].sort((a, b) => ids.indexOf(a) - ids.indexOf(b));
  const silent = cyclicComponents(ids, successors(flow, ['auto']));
  for (const c of silent) {
    const loop = describe(c);
    at(errors, ['nodes', loop[0]!], `nodes ${loop.join(' -> ')} loop forever without waiting for a key`);
  }
  for (const c of cyclicComponents(ids, successors(flow, ['auto', 'failure']))) {
    if (!hasFailureEdgeWithin(flow, c)) continue;
    const loop = describe(c);
    at(warnings, ['nodes', loop[0]!], `nodes ${loop.join(' -> ')} can repeat forever while the caller stays silent`);
  }
  return { errors, warnings };
}

function successors(flow: FlowDefinition, kinds: EdgeKind[]): (id: string) => string[] {
  return (id) => {
    const node = flow.nodes[id];
    if (!node) return [];
    return kindOf(node)
      .edges(node)
      .filter((e) => kinds.includes(e.kind) && Object.hasOwn(flow.nodes, e.target))
      .map((e) => e.target);
  };
}

function hasFailureEdgeWithin(flow: FlowDefinition, component: string[]): boolean {
  const inside = new Set(component);
  return component.some((id) => {
    const node = flow.nodes[id]!;
    return kindOf(node)
      .edges(node)
      .some((e) => e.kind === 'failure' && inside.has(e.target));
  });
}

import { parseYamlSource, schemaIssues, issueAt } from '../shared/yaml-source.ts';
import type { Prompt } from '../domain/prompt.ts';
import { flowFileSchema, type FlowDefinition, type FlowNode } from './flow.ts';
import { FlowError, type FlowIssue } from './flow-error.ts';
import { kindOf } from './nodes/index.ts';
import { validateFlow } from './validate.ts';

export type { FlowDefinition, FlowNode } from './flow.ts';
export { FlowError, type FlowIssue } from './flow-error.ts';

/** What the edge found for an audio path as written in the flow: where it is, and its length when readable. */
export interface ResolvedAudio {
  path: string;
  exists: boolean;
  durationMs?: number;
}

export interface ParseFlowOptions {
  /**
   * Resolves and measures each audio prompt (the file system lives at the edge, not here).
   * Without it audio paths are kept as written and not checked.
   */
  resolveAudio?: (path: string) => ResolvedAudio;
}

/**
 * Parses and validates a flow's YAML text. Pure: files are reached only through `options`.
 * Throws FlowError listing every problem as `file:line: key.path: reason`; warnings are kept
 * on the returned flow.
 */
export function parseFlow(yamlText: string, fileName: string, options: ParseFlowOptions = {}): FlowDefinition {
  const parsed = parseYamlSource(yamlText, fileName);
  if (!parsed.ok) throw new FlowError(fileName, parsed.issues);
  const source = parsed.source;
  if (source.value === undefined || source.value === null)
    throw new FlowError(fileName, [{ file: fileName, path: '', line: 1, message: 'the file is empty' }]);
  const result = flowFileSchema.safeParse(source.value, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined),
  });
  if (!result.success) throw new FlowError(fileName, schemaIssues(source, result.error.issues));

  const audioErrors: FlowIssue[] = [];
  const nodes: Record<string, FlowNode> = {};
  for (const [id, node] of Object.entries(result.data.nodes)) {
    nodes[id] = options.resolveAudio
      ? withResolvedAudio(node, options.resolveAudio, (path, message) => audioErrors.push(issueAt(source, ['nodes', id, ...path], message)))
      : node;
  }
  const flow: FlowDefinition = { ...result.data, nodes, file: fileName, lines: source.lines, warnings: [] };
  const { errors, warnings } = validateFlow(flow);
  if (audioErrors.length > 0 || errors.length > 0) throw new FlowError(fileName, [...audioErrors, ...errors]);
  return { ...flow, warnings };
}

/** Replaces each audio prompt the node's kind declares with what the edge resolved for it. */
function withResolvedAudio(
  node: FlowNode,
  resolveAudio: (path: string) => ResolvedAudio,
  report: (path: string[], message: string) => void,
): FlowNode {
  let copy: Record<string, unknown> | undefined;
  for (const { path, prompt } of kindOf(node).prompts(node)) {
    if (prompt.kind !== 'audio') continue;
    const found = resolveAudio(prompt.path);
    if (!found.exists) {
      report([...path, 'audio'], `audio file "${found.path}" not found`);
      continue;
    }
    const resolved: Prompt =
      found.durationMs === undefined
        ? { kind: 'audio', path: found.path }
        : { kind: 'audio', path: found.path, durationMs: found.durationMs };
    copy = setAt(copy ?? { ...node }, path, resolved);
  }
  return (copy ?? node) as FlowNode;
}

/** A copy of `obj` with `value` at `path`, copying each object on the way (flow data is never mutated). */
function setAt(obj: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return obj;
  const child = obj[head];
  return { ...obj, [head]: rest.length === 0 ? value : setAt({ ...(child as Record<string, unknown>) }, rest, value) };
}

import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { flowFileSchema, type FlowDefinition, type FlowNode } from './flow.ts';
import { FlowError, type FlowIssue } from './flow-error.ts';
import type { PromptSpec } from './prompt.ts';
import { collectLines, lineAt } from './source-lines.ts';
import { validateFlow } from './validate.ts';

export type { FlowDefinition, FlowNode } from './flow.ts';
export { FlowError, type FlowIssue } from './flow-error.ts';

export interface ParseFlowOptions {
  /** Directory audio paths are relative to; without it they are kept as written. */
  baseDir?: string;
  /** Checks audio files; without it their existence is not checked. */
  audioExists?: (path: string) => boolean;
}

/**
 * Parses and validates a flow's YAML text. Throws FlowError listing every problem as
 * `file:line: key.path: reason`; warnings are kept on the returned flow.
 */
export function parseFlow(yamlText: string, fileName: string, options: ParseFlowOptions = {}): FlowDefinition {
  const lc = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new FlowError(
      fileName,
      doc.errors.map((e) => ({ path: '', line: lc.linePos(e.pos[0]).line, message: `YAML syntax: ${e.message.split('\n')[0]}` })),
    );
  }
  const lines = collectLines(doc, lc);
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) throw new FlowError(fileName, [{ path: '', line: 1, message: 'the file is empty' }]);
  const parsed = flowFileSchema.safeParse(raw, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined),
  });
  if (!parsed.success)
    throw new FlowError(
      fileName,
      parsed.error.issues.map((issue) => schemaIssue(issue, lines)),
    );

  const nodes: Record<string, FlowNode> = {};
  for (const [id, node] of Object.entries(parsed.data.nodes)) nodes[id] = options.baseDir ? withAudioUnder(node, options.baseDir) : node;
  const flow: FlowDefinition = { ...parsed.data, nodes, file: fileName, lines, warnings: [] };
  const { errors, warnings } = validateFlow(flow, options.audioExists ? { audioExists: options.audioExists } : {});
  if (errors.length > 0) throw new FlowError(fileName, errors);
  return { ...flow, warnings };
}

/** Reads a flow file; audio paths are resolved against its directory and must exist. */
export function loadFlowFile(path: string): FlowDefinition {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new FlowError(path, [{ path: '', message: `cannot read flow file: ${(err as Error).message}` }]);
  }
  return parseFlow(text, path, { baseDir: dirname(resolve(path)), audioExists: existsSync });
}

function schemaIssue(issue: z.core.$ZodIssue, lines: Record<string, number>): FlowIssue {
  const keys = issue.path.map(String);
  // Unknown keys are reported on their parent; point at the key itself.
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) {
    const at = [...keys, issue.keys[0]!];
    const names = issue.keys.map((k) => `"${k}"`).join(', ');
    return { path: at.join('.'), line: lineAt(lines, at), message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${names}` };
  }
  return { path: keys.join('.'), line: lineAt(lines, keys), message: issue.message };
}

const PROMPT_FIELDS = ['prompt', 'noInputPrompt', 'invalidPrompt'] as const;

function withAudioUnder(node: FlowNode, baseDir: string): FlowNode {
  const copy: Record<string, unknown> = { ...node };
  for (const field of PROMPT_FIELDS) {
    const p = copy[field] as PromptSpec | undefined;
    if (p?.kind === 'audio' && !isAbsolute(p.path)) copy[field] = { kind: 'audio', path: resolve(baseDir, p.path) };
  }
  return copy as unknown as FlowNode;
}

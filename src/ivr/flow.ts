import { z } from 'zod';
import { flowNodeSchema, type FlowNode } from './nodes/index.ts';
import type { FlowIssue } from './flow-error.ts';
import type { SourceLines } from '../shared/yaml-source.ts';

export type { FlowNode } from './nodes/index.ts';

/** The top of a flow file; docs/ivr.md documents every field. */
export const flowFileSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  start: z.string().min(1),
  nodes: z.record(z.string(), flowNodeSchema).refine((nodes) => Object.keys(nodes).length > 0, 'a flow needs at least one node'),
});

/** A loaded, validated flow: plain data, shared read-only by every call that runs it. */
export interface FlowDefinition {
  name: string;
  description?: string;
  start: string;
  /** In file order. Audio paths are resolved against the flow file's directory. */
  nodes: Record<string, FlowNode>;
  /** The file as it was named to the loader, for messages. */
  file: string;
  /** Line of every key path in the file. */
  lines: SourceLines;
  /** Problems that do not stop the flow from running (unreachable nodes, silent loops ...). */
  warnings: FlowIssue[];
}

import { z } from 'zod';

/** Fields and limits shared by node schemas. */
export const target = z.string().min(1, 'must name a node');
export const label = z.string().min(1).optional();
export const seconds = z.number().positive('must be more than 0 seconds').max(600, 'must be at most 600 seconds');
export const retries = z.number().int().min(0).max(10);

/** NodeLabel in the CDR: the node's label, else its id. */
export function nodeLabelOf(node: { label?: string | undefined }, nodeId: string): string {
  return node.label ?? nodeId;
}

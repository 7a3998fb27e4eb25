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

/** The same rule as request Variables keys; System* and UUI belong to the system. */
const VARIABLE = /^[A-Za-z0-9_]{1,64}$/;

/** Why a node may not store into `name`, or undefined when it may. */
export function variableProblem(name: string): string | undefined {
  if (!VARIABLE.test(name)) return `variable "${name}" must be 1-64 letters, digits or _`;
  if (name.startsWith('System') || name === 'UUI') return `variable "${name}" is a system variable and cannot be set`;
  return undefined;
}

/** A node kind with nothing to check beyond its schema. */
export const noChecks = (): void => {};

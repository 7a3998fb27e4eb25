import { z } from 'zod';
import { collectKind, collectNodeSchema, type CollectNode } from './collect.ts';
import { hangupKind, hangupNodeSchema, type HangupNode } from './hangup.ts';
import { menuKind, menuNodeSchema, type MenuNode } from './menu.ts';
import { playKind, playNodeSchema, type PlayNode } from './play.ts';
import { setKind, setNodeSchema, type SetNode } from './set.ts';
import type { NodeKind } from './node-kind.ts';

/** The registry of node kinds: adding one means a file in nodes/ and a line in each list here. */
export const NODE_TYPES = ['play', 'menu', 'collect', 'set', 'hangup'] as const;

export const flowNodeSchema = z.discriminatedUnion(
  'type',
  [playNodeSchema, menuNodeSchema, collectNodeSchema, setNodeSchema, hangupNodeSchema],
  {
    error: (issue) => (issue.code === 'invalid_union' ? `type must be one of ${NODE_TYPES.join(', ')}` : undefined),
  },
);

export type FlowNode = PlayNode | MenuNode | CollectNode | SetNode | HangupNode;

const KINDS: { [K in FlowNode['type']]: NodeKind<Extract<FlowNode, { type: K }>> } = {
  play: playKind,
  menu: menuKind,
  collect: collectKind,
  set: setKind,
  hangup: hangupKind,
};

/** The behaviour of a node's kind, typed for that node. */
export function kindOf<N extends FlowNode>(node: N): NodeKind<N> {
  return KINDS[node.type] as unknown as NodeKind<N>;
}

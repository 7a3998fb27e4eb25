import type { IvrEffect } from './ivr-effects.ts';
import type { IvrCommand } from '../../../ivr/interpreter.ts';

/** The flow entered a node: a `session.nodeEntered` event, in order with the call's others. */
export const reportNode: IvrEffect<Extract<IvrCommand, { type: 'nodeEntered' }>> = (call, cmd) =>
  call.report('session.nodeEntered', {
    nodeId: cmd.nodeId,
    nodeType: cmd.nodeType,
    ...(cmd.label !== undefined && { label: cmd.label }),
  });

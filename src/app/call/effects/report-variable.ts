import type { IvrEffect } from './ivr-effects.ts';
import type { IvrCommand } from '../../../ivr/interpreter.ts';

/** A set or collect node stored a variable: a `session.variableSet` event. */
export const reportVariable: IvrEffect<Extract<IvrCommand, { type: 'variableSet' }>> = (call, cmd) =>
  call.report('session.variableSet', { name: cmd.name, value: cmd.value, nodeId: cmd.nodeId });

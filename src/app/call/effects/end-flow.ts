import type { IvrEffect } from './ivr-effects.ts';
import type { IvrCommand } from '../../../ivr/interpreter.ts';

/** The flow ended (its `hangup` command): the session machine decides what the line does. */
export const endFlow: IvrEffect<Extract<IvrCommand, { type: 'hangup' }>> = (call) =>
  call.apply({ type: 'ivrCompleted', at: call.clock.now() });

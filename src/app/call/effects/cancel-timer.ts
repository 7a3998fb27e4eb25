import type { IvrEffect } from './ivr-effects.ts';
import type { IvrCommand } from '../../../ivr/interpreter.ts';

export const cancelTimer: IvrEffect<Extract<IvrCommand, { type: 'cancelTimer' }>> = (call, cmd) => {
  call.timers.cancel(call.ivrTimers.get(cmd.timerId));
  call.ivrTimers.delete(cmd.timerId);
};

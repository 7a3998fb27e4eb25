import type { IvrEffect } from './ivr-effects.ts';
import type { IvrCommand } from '../../../ivr/interpreter.ts';

/** An IVR timer, owned by the call so that its close() cancels it. */
export const startTimer: IvrEffect<Extract<IvrCommand, { type: 'startTimer' }>> = (call, cmd) => {
  const id = cmd.timerId;
  call.ivrTimers.set(
    id,
    call.timers.after(cmd.delayMs, () => {
      call.ivrTimers.delete(id);
      call.feedIvr({ type: 'timer', at: call.clock.now(), timerId: id });
    }),
  );
};

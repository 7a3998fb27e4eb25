import type { SessionEffect } from './session-effects.ts';

/** The flow stops where it is: its timers are cancelled and no event reaches it again. */
export const stopIvr: SessionEffect = (call) => {
  for (const h of call.ivrTimers.values()) call.timers.cancel(h);
  call.ivrTimers.clear();
  call.ivr = undefined;
};

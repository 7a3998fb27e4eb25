import { startIvr as enterFlow } from '../../../ivr/interpreter.ts';
import type { SessionEffect } from './session-effects.ts';

/** The call is answered: the flow starts with the request's variables and the system ones. */
export const startIvr: SessionEffect = (call) => {
  const s = call.record;
  const started = enterFlow(call.flow, {
    at: call.clock.now(),
    variables: s.variables,
    uui: s.uui,
    system: { callerNumber: s.caller, calleeNumber: s.callee, sessionId: s.sessionId },
  });
  call.ivr = started.state;
  call.runIvr(started.commands);
};

import type { SessionEffect } from './session-effects.ts';

/** The call is answered: an IVR with `record: true` records it until the leg ends. */
export const startRecording: SessionEffect = (call) => {
  if (call.leg) call.recorder?.start(call.leg);
};

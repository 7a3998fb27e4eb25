import type { SessionEffect } from './session-effects.ts';

/** CANCEL before answer, BYE after: the carrier knows which. */
export const hangupLine: SessionEffect = (call) => call.leg?.hangup();

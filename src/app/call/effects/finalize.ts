import type { SessionEffect } from './session-effects.ts';

export const finalize: SessionEffect = (call) => call.finalize();

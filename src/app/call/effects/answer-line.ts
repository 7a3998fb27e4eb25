import type { IncomingCall } from '../../../telephony/carrier.ts';
import type { SessionEffect } from './session-effects.ts';

/** An admitted inbound call is answered; `answered` comes back from the line once it is up. */
export const answerLine: SessionEffect = (call) => (call.leg as IncomingCall | undefined)?.answer();

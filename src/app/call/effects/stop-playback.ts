import type { IvrEffect } from './ivr-effects.ts';
import type { IvrCommand } from '../../../ivr/interpreter.ts';

/** A no-op when the carrier already cut the prompt itself (barge-in). */
export const stopPlayback: IvrEffect<Extract<IvrCommand, { type: 'stopPlayback' }>> = (call) => call.leg?.stopPlayback();

import type { IvrEffect } from './ivr-effects.ts';
import type { IvrCommand } from '../../../ivr/interpreter.ts';

/** A prompt goes to the line; where keys may cut it, the carrier is told so it can cut at the first digit. */
export const play: IvrEffect<Extract<IvrCommand, { type: 'play' }>> = (call, cmd) =>
  call.leg?.play(cmd.playbackId, cmd.prompt, cmd.bargeIn ? { bargeIn: true } : {});

import type { IvrEffect } from './ivr-effects.ts';
import type { IvrCommand } from '../../../ivr/interpreter.ts';

/** A key the flow accepted becomes an IVRKeyPressedEx entry of the session. */
export const recordKey: IvrEffect<Extract<IvrCommand, { type: 'recordKey' }>> = (call, cmd) =>
  call.apply({
    type: 'keyPressed',
    press: { key: cmd.key, label: cmd.label, nodeLabel: cmd.nodeLabel, timestampMs: cmd.at, ttsPrompt: cmd.ttsPrompt },
  });

import type { IvrEffectTable } from './ivr-effects.ts';
import type { SessionEffectTable } from './session-effects.ts';
import { answerLine } from './answer-line.ts';
import { cancelTimer } from './cancel-timer.ts';
import { endFlow } from './end-flow.ts';
import { finalize } from './finalize.ts';
import { hangupLine } from './hangup-line.ts';
import { play } from './play.ts';
import { recordKey } from './record-key.ts';
import { reportNode } from './report-node.ts';
import { reportVariable } from './report-variable.ts';
import { startIvr } from './start-ivr.ts';
import { startRecording } from './start-recording.ts';
import { startTimer } from './start-timer.ts';
import { stopIvr } from './stop-ivr.ts';
import { stopPlayback } from './stop-playback.ts';

/**
 * What a live call does for each command the pure core returns: one file per effect, like
 * ivr/nodes/ for node kinds. A new IVR verb or session command is a file here and a line below;
 * the types make a missing entry a compile error.
 */
export const IVR_EFFECTS: IvrEffectTable = {
  play,
  stopPlayback,
  startTimer,
  cancelTimer,
  recordKey,
  nodeEntered: reportNode,
  variableSet: reportVariable,
  hangup: endFlow,
};

export const SESSION_EFFECTS: SessionEffectTable = {
  answerLine,
  startRecording,
  startIvr,
  stopIvr,
  hangupLine,
  finalize,
};

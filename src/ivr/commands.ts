import type { Prompt } from '../domain/prompt.ts';

/** What the line reports to the interpreter. `at` is Unix ms from the app's injected clock. */
export type IvrEvent =
  | { type: 'playbackDone'; at: number; playbackId: string }
  | { type: 'digit'; at: number; digit: string }
  | { type: 'timer'; at: number; timerId: string };

/** What the app layer must do; the interpreter performs none of it. */
export type IvrCommand =
  /** `bargeIn`: a key pressed during this prompt cuts it (menu and collect prompts and notices). */
  | { type: 'play'; playbackId: string; prompt: Prompt; bargeIn?: true }
  | { type: 'stopPlayback' }
  | { type: 'startTimer'; timerId: string; delayMs: number }
  | { type: 'cancelTimer'; timerId: string }
  /** One entry of TelCdrInfo.IVRKeyPressedEx. */
  | { type: 'recordKey'; key: string; label?: string; nodeLabel?: string; at: number; ttsPrompt?: string }
  /** Reports only (the line is not touched): the flow entered a node, before running it. */
  | { type: 'nodeEntered'; nodeId: string; nodeType: string; label?: string }
  /** Reports only: a set or collect node stored a variable. */
  | { type: 'variableSet'; name: string; value: string; nodeId: string }
  /** The flow is done; the app hangs up the line. Always the last command of a flow. */
  | { type: 'hangup' };

import type { IvrCommand } from '../../../ivr/interpreter.ts';
import type { CallRuntime } from '../call-runtime.ts';

/** Runs one IVR command of one type on a live call. */
export type IvrEffect<C extends IvrCommand> = (call: CallRuntime, command: C) => void;

export type IvrEffectTable = { [K in IvrCommand['type']]: IvrEffect<Extract<IvrCommand, { type: K }>> };

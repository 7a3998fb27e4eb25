import type { SessionCommand } from '../../../domain/session-machine.ts';
import type { CallRuntime } from '../call-runtime.ts';

/** Runs one session-machine command of one type on a live call. */
export type SessionEffect = (call: CallRuntime) => void;

export type SessionEffectTable = { [K in SessionCommand['type']]: SessionEffect };

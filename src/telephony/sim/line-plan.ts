import { EndStatus } from '../../domain/end-status.ts';
import type { LineFailure } from '../carrier.ts';
import type { FailureKind, FixedOutcome } from './sim-config.ts';

/**
 * What each failure kind ends in, in CDR terms (TelCdrInfo.EndStatus), with the SIP final
 * response a real trunk typically sends for it, so the simulated line reports what SIP would.
 */
export const FAILURE_END_STATUS: Record<FailureKind | 'noAnswer', LineFailure> = {
  busy: { endStatus: EndStatus.busy, sipStatus: 486, reason: 'callee busy' },
  noAnswer: { endStatus: EndStatus.notAnswer, sipStatus: 487, reason: 'no answer' },
  reject: { endStatus: EndStatus.userReject, sipStatus: 603, reason: 'callee rejected the call' },
  numberNotExist: { endStatus: EndStatus.numberNotExist, sipStatus: 404, reason: 'number does not exist' },
  powerOff: { endStatus: EndStatus.powerOff, sipStatus: 480, q850Cause: 20, reason: 'callee phone is powered off' },
  notInService: { endStatus: EndStatus.notInService, sipStatus: 404, q850Cause: 27, reason: 'number not in service' },
  operatorError: { endStatus: EndStatus.operatorError, sipStatus: 503, reason: 'operator network error' },
  outOfCredit: { endStatus: EndStatus.outOfCredit, sipStatus: 402, reason: 'callee out of credit' },
  // A mailbox is the network's answer, not the callee's: the IVR must not talk to it, so the
  // call is reported failed (AcceptTimestamp 0), as an answering-machine detector would.
  voicemail: { endStatus: EndStatus.voiceMailReached, reason: 'voicemail reached' },
};

export type LineResult = { type: 'answered' } | ({ type: 'failed' } & LineFailure);

/** How the line behaves until answer or failure, in ms after dial. */
export interface LinePlan {
  /** A 'ringing' event comes first (at dial time). */
  rings: boolean;
  /** When `result` happens. */
  afterMs: number;
  result: LineResult;
}

export const toMs = (seconds: number): number => Math.round(seconds * 1000);

/**
 * Plans the pre-answer part of a call. Ringing is capped by `maxRingMs` like a real ring
 * timer: anything that would happen at or after it ends as notAnswer (202) at maxRingMs.
 */
export function planLine(outcome: FixedOutcome, maxRingMs: number): LinePlan {
  const notAnswer: LinePlan = { rings: true, afterMs: maxRingMs, result: { type: 'failed', ...FAILURE_END_STATUS.noAnswer } };
  if (outcome.kind === 'noAnswer') return notAnswer;
  const ringMs = toMs(outcome.ringSeconds);
  if (ringMs > 0 && ringMs >= maxRingMs) return notAnswer;
  if (outcome.kind === 'answer') return { rings: true, afterMs: ringMs, result: { type: 'answered' } };
  // A refusal with no ring time is the network's immediate answer (e.g. 486 before any 180).
  return { rings: ringMs > 0, afterMs: ringMs, result: { type: 'failed', ...FAILURE_END_STATUS[outcome.kind] } };
}

import { z } from 'zod';
import { DEFAULT_AUDIO_MS } from '../../domain/prompt.ts';
import { CALLEE_PATTERN } from './callee-pattern.ts';

/**
 * `carrier.sim` of the world config: what each simulated callee does when dialed.
 * docs/carrier-sim.md documents every key; strict objects so a typo is a config error.
 */

const seconds = z.number().min(0).max(86_400);
const dtmf = z.string().regex(/^[0-9*#]*$/, 'digits may contain only 0-9, * and #');

const answer = z.strictObject({
  kind: z.literal('answer'),
  ringSeconds: seconds.default(2),
  /** Keys the callee presses, one at a time, when the IVR is waiting (see digitDelaySeconds). */
  digits: dtmf.default(''),
  /** Pause between the end of a prompt and the next key. */
  digitDelaySeconds: seconds.default(1),
  /** Pause before a key when no prompt is playing (after answer or after the previous key). */
  digitIntervalSeconds: seconds.default(1),
  /** The callee hangs up this long after answering; absent: only the IVR ends the call. */
  hangupAfterSeconds: seconds.optional(),
});

/** Ringing until DialRequest.maxRingMs, then EndStatus 202. */
const noAnswer = z.strictObject({ kind: z.literal('noAnswer') });

/** Outcomes that end the call before answer, after `ringSeconds` (0: no ringing at all). */
function failure<K extends string>(kind: K, ringSeconds: number) {
  return z.strictObject({ kind: z.literal(kind), ringSeconds: seconds.default(ringSeconds) });
}

/** Failure kinds and their default ring time: a network refusal comes at once, a person takes a while. */
export const FAILURE_RING_SECONDS = {
  busy: 0,
  reject: 3,
  numberNotExist: 0,
  powerOff: 0,
  notInService: 0,
  operatorError: 0,
  outOfCredit: 0,
  voicemail: 15,
} as const;

export type FailureKind = keyof typeof FAILURE_RING_SECONDS;

const f = FAILURE_RING_SECONDS;
const fixedOutcome = z.discriminatedUnion('kind', [
  answer,
  noAnswer,
  failure('busy', f.busy),
  failure('reject', f.reject),
  failure('numberNotExist', f.numberNotExist),
  failure('powerOff', f.powerOff),
  failure('notInService', f.notInService),
  failure('operatorError', f.operatorError),
  failure('outOfCredit', f.outOfCredit),
  failure('voicemail', f.voicemail),
]);

/** One of several outcomes, by weight, drawn from the carrier's seeded generator. */
const randomOutcome = z.strictObject({
  kind: z.literal('random'),
  choices: z.array(z.strictObject({ weight: z.number().positive().max(1e9), outcome: fixedOutcome })).min(1),
});

const outcome = z.discriminatedUnion('kind', [...fixedOutcome.options, randomOutcome]);

/** A scripted inbound call: who calls which of our numbers, when, and what they press once answered. */
const inboundCall = z.strictObject({
  /** The caller as presented, e.g. +8613800000000. */
  caller: z.string().min(3),
  /** The number dialed: one of an app's numbers with an inboundIvrId. */
  callee: z.string().min(3),
  /** When the call arrives, seconds after the server starts. */
  afterSeconds: seconds.default(0),
  digits: dtmf.default(''),
  digitDelaySeconds: seconds.default(1),
  digitIntervalSeconds: seconds.default(1),
  hangupAfterSeconds: seconds.optional(),
  /** The caller gives up if the call is not answered by then. */
  giveUpSeconds: seconds.default(30),
});

const rule = z.strictObject({
  match: z.string().regex(CALLEE_PATTERN, 'a callee pattern is E.164 with a leading +, digits, * (any digits) and ? (one digit)'),
  outcome,
});

export const simCarrierConfigSchema = z
  .strictObject({
    /** dial() beyond this throws CarrierUnavailableError (the API answers FailedOperation.CallOutFailed). */
    maxConcurrentCalls: z.number().int().min(1).max(10_000_000).default(10_000),
    defaultOutcome: outcome.prefault({ kind: 'answer', ringSeconds: 2, digits: '1', hangupAfterSeconds: 120 }),
    /** First match wins; the callee is matched in E.164 (+8613800000000). */
    outcomes: z.array(rule).default([]),
    /**
     * How long an audio prompt plays when its length is unknown (not a WAV). A WAV plays its
     * measured length, as in `openccc ivr simulate`; the default is the simulator's as well.
     */
    audioPromptSeconds: seconds.default(DEFAULT_AUDIO_MS / 1000),
    /** How long a blind transfer takes to be accepted by the far end. */
    transferSeconds: seconds.default(1),
    /** Inbound calls, each offered once at its time. */
    inbound: z.array(inboundCall).default([]),
    /** Seeds the generator behind `kind: random`; required when any outcome is random. */
    seed: z.number().int().min(0).max(0xffff_ffff).optional(),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.seed !== undefined) return;
    const needSeed = (path: (string | number)[]) =>
      ctx.addIssue({ code: 'custom', path, message: 'kind random needs a top-level seed, so every run draws the same outcomes' });
    if (cfg.defaultOutcome.kind === 'random') needSeed(['defaultOutcome', 'kind']);
    cfg.outcomes.forEach((r, i) => {
      if (r.outcome.kind === 'random') needSeed(['outcomes', i, 'outcome', 'kind']);
    });
  });

export type SimCarrierConfig = z.output<typeof simCarrierConfigSchema>;
export type SimOutcome = SimCarrierConfig['defaultOutcome'];
/** An outcome with any `random` already drawn. */
export type FixedOutcome = Exclude<SimOutcome, { kind: 'random' }>;
export type AnswerOutcome = Extract<SimOutcome, { kind: 'answer' }>;
export type SimInboundCallConfig = SimCarrierConfig['inbound'][number];

import { ApiError } from '../../shared/errors.ts';
import { newSessionId } from '../../shared/ids.ts';
import { newSessionRecord, type NewSession } from '../../domain/session.ts';
import { parseDialable } from '../../domain/phone-number.ts';
import { eligibleCallers, pickCaller } from '../../domain/number-selection.ts';
import { checkSessionPayload } from '../../domain/request-limits.ts';
import { evaluateRules, needsCalleeArea, pendingQueries } from '../../domain/rules/pipeline.ts';
import type { CallAttempt } from '../../domain/rules/rule.ts';
import { CarrierCapacityError, CarrierUnavailableError } from '../../telephony/carrier.ts';
import type { AppContext } from '../app-context.ts';
import { recordRefusal } from './record-refusal.ts';
import { requireApp } from './require-app.ts';
import { requestHash, withClientToken } from './client-token.ts';
import { answerCounts } from '../rule-counts.ts';

export interface CreateIvrSessionInput {
  secretId: string;
  requestId: string;
  sdkAppId: number;
  callee: string;
  ivrId: number;
  callers?: string[];
  variables?: { Key: string; Value: string }[];
  uui?: string;
  maxRingTimeoutSecond?: number;
  /** openccc extension: the same token within 24 hours answers the first request's SessionId. */
  clientToken?: string;
}

const RUNNABLE_IVR_TYPES = new Set(['inbound', 'autoOutbound']);

/** CreateIVRSession: checks the request against the app, its rules and its numbers, then dials. */
export async function createIvrSession(ctx: AppContext, input: CreateIvrSessionInput): Promise<{ sessionId: string }> {
  const now = ctx.clock.now();
  const app = requireApp(ctx, input.sdkAppId, input.secretId);
  if (app.config.edition !== 'advanced') {
    throw new ApiError(
      'FailedOperation.PermissionDenied',
      `CreateIVRSession needs the Advanced edition; app ${app.sdkAppId} is ${app.config.edition}.`,
    );
  }
  if (now > app.packageExpiresAtMs) {
    throw new ApiError(
      'LimitExceeded.BasePackageExpired',
      `The package of app ${app.sdkAppId} expired at ${new Date(app.packageExpiresAtMs).toISOString()}.`,
    );
  }
  const ivr = app.ivrs.get(input.ivrId);
  if (!ivr) throw new ApiError('InvalidParameterValue', `IVRId ${input.ivrId} does not exist in app ${app.sdkAppId}.`);
  if (!RUNNABLE_IVR_TYPES.has(ivr.config.type)) {
    throw new ApiError(
      'InvalidParameterValue',
      `IVR ${input.ivrId} is of type ${ivr.config.type}; only inbound and autoOutbound IVRs can be used.`,
    );
  }
  const callee = parseDialable(input.callee);
  if (!callee) throw new ApiError('InvalidParameterValue', `Callee "${input.callee.slice(0, 40)}" is not a dialable phone number.`);
  const variables = input.variables ?? [];
  const uui = input.uui ?? '';
  const payloadProblem = checkSessionPayload(variables, uui);
  if (payloadProblem) throw new ApiError('InvalidParameterValue', `${payloadProblem}.`);

  const candidates = eligibleCallers(app.numbers, input.callers);
  const caller = pickCaller(candidates, ctx.callers.next(app.sdkAppId));
  if (!caller) {
    throw new ApiError(
      'FailedOperation.NoCallOutNumber',
      input.callers?.length
        ? 'None of Callers is a usable call-out number of this app.'
        : `App ${app.sdkAppId} has no usable call-out number.`,
    );
  }
  if (!ctx.calls.accepting) throw new ApiError('FailedOperation.CallOutFailed', 'The server is shutting down and places no new calls.');

  const attempt: CallAttempt = { nowMs: now, sdkAppId: app.sdkAppId, calleeE164: callee.e164, callerE164: caller.e164 };
  if (needsCalleeArea(app.rules)) attempt.calleeArea = await ctx.areas.resolve(callee.e164);
  const queries = pendingQueries(app.rules, attempt);
  const sessionId = newSessionId();
  const admit = async () => {
    const counts = await answerCounts(ctx.storage, attempt, caller.number, queries);
    const init: NewSession = {
      sessionId,
      sdkAppId: app.sdkAppId,
      ivrId: input.ivrId,
      callee: input.callee,
      calleeE164: callee.e164,
      caller: caller.number,
      uui,
      variables: Object.fromEntries(variables.map((v) => [v.Key, v.Value])),
      startedAt: now,
      requestId: input.requestId,
    };
    const verdict = evaluateRules(app.rules, attempt, counts);
    // A refusal's CDR is written after the lock is released: it has no sessions row, so no count
    // sees it, and the next request (on any server) need not wait for its commit.
    if (!verdict.ok) return { refused: { init, verdict } } as const;

    const session = newSessionRecord(init);
    const maxRingSeconds = Math.min(input.maxRingTimeoutSecond ?? app.config.maxRingSeconds, app.config.maxRingSeconds);
    try {
      await ctx.calls.dial(session, ivr.flow, { maxRingMs: maxRingSeconds * 1000, ...(uui && { uui }) }, { record: ivr.config.record });
    } catch (err) {
      // The trunk's queue is full (CarrierCapacityError) or the line is down: fail now rather than ring late.
      if (err instanceof CarrierCapacityError)
        throw new ApiError('FailedOperation.CallOutFailed', `Outbound call failure: ${err.message}.`);
      if (err instanceof CarrierUnavailableError)
        throw new ApiError('FailedOperation.CallOutFailed', `Outbound call failure: ${err.message}.`);
      throw err;
    }
    return { sessionId: session.sessionId, refused: undefined };
  };
  // Counting rules need admission serialized per callee and caller; without them there is nothing to race.
  const needsCounts = queries.some((qs) => qs.length > 0);
  const admitted = async () => {
    const outcome = needsCounts
      ? await ctx.admission.run([`callee:${app.sdkAppId}:${callee.e164}`, `caller:${app.sdkAppId}:${caller.e164}`], admit)
      : await admit();
    if (outcome.refused === undefined) return { sessionId: outcome.sessionId };
    const { init, verdict } = outcome.refused;
    await recordRefusal(ctx, init, verdict);
    throw new ApiError(verdict.code, `${verdict.message} Its CDR is session ${init.sessionId}.`);
  };
  if (input.clientToken === undefined) return admitted();
  const hash = requestHash([
    app.sdkAppId,
    input.callee,
    input.ivrId,
    input.callers ?? null,
    variables,
    uui,
    input.maxRingTimeoutSecond ?? null,
  ]);
  return withClientToken(ctx, { sdkAppId: app.sdkAppId, token: input.clientToken, requestHash: hash, sessionId }, admitted);
}

import { ApiError } from '../../shared/errors.ts';
import type { AppContext } from '../app-context.ts';
import { requireApp, type SessionOfApp } from './require-app.ts';

/** HangUpCall: ends a live session from our side; its CDR is written before this resolves. */
export async function hangUpCall(ctx: AppContext, input: SessionOfApp): Promise<void> {
  const { sdkAppId, sessionId } = input;
  requireApp(ctx, sdkAppId, input.secretId);
  const call = ctx.calls.get(sessionId);
  if (!call || call.record.sdkAppId !== sdkAppId) {
    const stored = await ctx.storage.sessions.get(sdkAppId, sessionId);
    if (!stored) throw new ApiError('ResourceNotFound', `Session ${sessionId} does not exist in app ${sdkAppId}.`);
    throw new ApiError('FailedOperation', `Session ${sessionId} has already ended.`);
  }
  call.hangup('api');
  await call.closed;
}

import { ApiError } from '../../shared/errors.ts';
import type { AppContext } from '../app-context.ts';
import { requireApp, type SessionOfApp } from './require-app.ts';

/** How long a server waits for the server holding a call to answer a remote hangup. */
export const REMOTE_HANGUP_TIMEOUT_MS = 10_000;

export interface HangUpCallInput extends SessionOfApp {
  /** Names the request on the node channel; the API's RequestId. */
  requestId?: string;
}

/**
 * HangUpCall: ends a live session from our side; its CDR is written before this resolves. A call
 * live on another server of the cluster is hung up there (ctx.remoteHangups), and this waits for it.
 */
export async function hangUpCall(ctx: AppContext, input: HangUpCallInput): Promise<void> {
  const { sdkAppId, sessionId } = input;
  requireApp(ctx, sdkAppId, input.secretId);
  const call = ctx.calls.get(sessionId);
  if (call && call.record.sdkAppId === sdkAppId) {
    call.hangup('api');
    await call.closed;
    return;
  }
  const stored = await ctx.storage.sessions.get(sdkAppId, sessionId);
  if (!stored) throw new ApiError('ResourceNotFound', `Session ${sessionId} does not exist in app ${sdkAppId}.`);
  if (stored.status === 'finished' || !ctx.remoteHangups) throw new ApiError('FailedOperation', `Session ${sessionId} has already ended.`);
  // Unfinished in storage and not here: live on another server, or that server is gone.
  await ctx.remoteHangups.ask(sdkAppId, sessionId, input.requestId ?? sessionId, ctx.remoteHangupTimeoutMs ?? REMOTE_HANGUP_TIMEOUT_MS);
  // Answered or not, storage decides: the call may also have ended by itself meanwhile.
  const after = await ctx.storage.sessions.get(sdkAppId, sessionId);
  if (after?.status === 'finished') return;
  throw new ApiError(
    'FailedOperation',
    `Session ${sessionId} is live on another server, and that server did not answer the hangup; try again later.`,
  );
}

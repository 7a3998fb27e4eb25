import { ApiError } from '../../shared/errors.ts';
import type { SessionRecord } from '../../domain/session.ts';
import type { AppContext } from '../app-context.ts';
import { requireApp, type SessionOfApp } from './require-app.ts';

/** DescribeTelSession: the live state if the call is in this process, else the stored one. */
export async function describeTelSession(ctx: AppContext, input: SessionOfApp): Promise<SessionRecord> {
  const { sdkAppId, sessionId } = input;
  requireApp(ctx, sdkAppId, input.secretId);
  const live = ctx.calls.get(sessionId);
  if (live && live.record.sdkAppId === sdkAppId) {
    // A session is reported finished only once its CDR is durable, so a client that saw
    // "finished" always finds the CDR with DescribeTelCdr.
    if (live.record.status === 'finished') await live.closed;
    return live.record;
  }
  const stored = await ctx.storage.sessions.get(sdkAppId, sessionId);
  if (!stored) throw new ApiError('ResourceNotFound', `Session ${sessionId} does not exist in app ${sdkAppId}.`);
  return stored;
}

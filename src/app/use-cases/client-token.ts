import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError } from '../../shared/errors.ts';
import type { AppContext } from '../app-context.ts';

/** How long a ClientToken stands for its session. */
export const CLIENT_TOKEN_TTL_MS = 24 * 3_600_000;
/** How long a request waits for another one with its token that is still dialing. */
const WAIT_FOR_FIRST_MS = 10_000;
const POLL_MS = 25;

/** What makes two CreateIVRSession requests "the same": every parameter but the token. */
export function requestHash(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * CreateIVRSession with a ClientToken (an openccc extension, named as Tencent names idempotency
 * tokens elsewhere): the first request with a token reserves it in storage for 24 hours under the
 * SessionId it is about to dial, so any server answering a repeat returns that SessionId and
 * never dials again. A repeat that arrives while the first is still dialing waits for it; a
 * first request that fails before dialing frees the token, so a retry runs afresh. A different
 * request with a live token is InvalidParameterValue.
 */
export async function withClientToken(
  ctx: AppContext,
  key: { sdkAppId: number; token: string; requestHash: string; sessionId: string },
  dial: () => Promise<{ sessionId: string }>,
): Promise<{ sessionId: string }> {
  const tokens = ctx.storage.clientTokens;
  const waitUntil = Date.now() + WAIT_FOR_FIRST_MS;
  for (;;) {
    const now = ctx.clock.now();
    if (await tokens.reserve({ ...key, createdAtMs: now }, now + CLIENT_TOKEN_TTL_MS)) {
      try {
        return await dial();
      } catch (err) {
        await tokens.release(key.sdkAppId, key.token, key.sessionId);
        throw err;
      }
    }
    const held = await tokens.get(key.sdkAppId, key.token, now);
    if (held === undefined) continue; // released or expired since: try to take it
    if (held.requestHash !== key.requestHash) {
      throw new ApiError(
        'InvalidParameterValue',
        `ClientToken "${key.token}" was used within 24 hours by a different CreateIVRSession request (session ${held.sessionId}).`,
      );
    }
    if (await ctx.storage.sessions.get(key.sdkAppId, held.sessionId)) return { sessionId: held.sessionId };
    if (Date.now() > waitUntil) {
      throw new ApiError(
        'FailedOperation.CallOutFailed',
        `The request that first used ClientToken "${key.token}" is still placing its call; retry.`,
      );
    }
    await sleep(POLL_MS);
  }
}

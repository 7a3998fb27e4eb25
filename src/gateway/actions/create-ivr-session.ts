import { z } from 'zod';
import { createIvrSession } from '../../app/use-cases/create-ivr-session.ts';
import { LIMITS } from '../../domain/request-limits.ts';
import { defineAction } from './action.ts';
import { int, sdkAppId, str, variable } from './param-types.ts';

export const createIvrSessionAction = defineAction({
  name: 'CreateIVRSession',
  mutates: true,
  params: z.strictObject({
    SdkAppId: sdkAppId(),
    Callee: str(),
    IVRId: int(),
    Callers: z.array(str()).max(LIMITS.maxCallers).optional(),
    Variables: z.array(variable()).optional(),
    UUI: str().optional(),
    MaxRingTimeoutSecond: int().min(1).max(300).optional(),
    // openccc extension (not a Tencent parameter): idempotency token, as Tencent names them elsewhere.
    ClientToken: str().min(1).max(64).optional(),
  }),
  async handle(call, p) {
    const { sessionId } = await createIvrSession(call.app, {
      secretId: call.secretId,
      requestId: call.requestId,
      sdkAppId: p.SdkAppId,
      callee: p.Callee,
      ivrId: p.IVRId,
      callers: p.Callers,
      variables: p.Variables,
      uui: p.UUI,
      maxRingTimeoutSecond: p.MaxRingTimeoutSecond,
      clientToken: p.ClientToken,
    });
    return { SessionId: sessionId };
  },
});

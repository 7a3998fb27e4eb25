import { z } from 'zod';
import { hangUpCall } from '../../app/use-cases/hang-up-call.ts';
import { defineAction } from './action.ts';
import { sdkAppId, str } from './param-types.ts';

export const hangUpCallAction = defineAction({
  name: 'HangUpCall',
  mutates: true,
  params: z.strictObject({ SdkAppId: sdkAppId(), SessionId: str().min(1) }),
  async handle(call, p) {
    await hangUpCall(call.app, { secretId: call.secretId, sdkAppId: p.SdkAppId, sessionId: p.SessionId, requestId: call.requestId });
    return {};
  },
});

import { z } from 'zod';
import { hangUpCall } from '../../app/hang-up-call.ts';
import { defineAction } from './action.ts';
import { sdkAppId, str } from './param-types.ts';

export const hangUpCallAction = defineAction({
  name: 'HangUpCall',
  mutates: true,
  params: z.strictObject({ SdkAppId: sdkAppId(), SessionId: str().min(1) }),
  async handle(call, p) {
    await hangUpCall(call.app, call.secretId, p.SdkAppId, p.SessionId);
    return {};
  },
});

import { z } from 'zod';
import { describeTelSession } from '../../app/use-cases/describe-tel-session.ts';
import { buildPstnSession } from '../../domain/cdr.ts';
import { defineAction } from './action.ts';
import { sdkAppId, str } from './param-types.ts';

export const describeTelSessionAction = defineAction({
  name: 'DescribeTelSession',
  mutates: false,
  params: z.strictObject({ SdkAppId: sdkAppId(), SessionId: str().min(1) }),
  async handle(call, p) {
    const session = await describeTelSession(call.app, { secretId: call.secretId, sdkAppId: p.SdkAppId, sessionId: p.SessionId });
    return { Session: buildPstnSession(session) };
  },
});

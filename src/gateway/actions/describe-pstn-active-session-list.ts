import { z } from 'zod';
import { describeActiveSessions } from '../../app/use-cases/describe-pstn-active-session-list.ts';
import { buildPstnSessionInfo } from '../../domain/cdr.ts';
import { defineAction } from './action.ts';
import { int, sdkAppId } from './param-types.ts';

export const describePstnActiveSessionListAction = defineAction({
  name: 'DescribePSTNActiveSessionList',
  mutates: false,
  // The SDK documents Limit as "at most 25".
  params: z.strictObject({ SdkAppId: sdkAppId(), Offset: int().min(0), Limit: int().min(1).max(25) }),
  async handle(call, p) {
    const page = await describeActiveSessions(call.app, {
      secretId: call.secretId,
      sdkAppId: p.SdkAppId,
      offset: p.Offset,
      limit: p.Limit,
    });
    return { Total: page.total, Sessions: page.items.map(buildPstnSessionInfo) };
  },
});

import { z } from 'zod';
import { describeTelCdr } from '../../app/use-cases/describe-tel-cdr.ts';
import { JsonFields } from '../envelope.ts';
import { defineAction } from './action.ts';
import { int, sdkAppId, str } from './param-types.ts';

export const describeTelCdrAction = defineAction({
  name: 'DescribeTelCdr',
  mutates: false,
  params: z.strictObject({
    StartTimeStamp: int(),
    EndTimeStamp: int(),
    SdkAppId: sdkAppId(),
    PageSize: int(),
    PageNumber: int(),
    // Deprecated in the SDK but still sent by older clients: accepted and ignored where PageSize/PageNumber rule.
    InstanceId: int().optional(),
    Limit: int().optional(),
    Offset: int().optional(),
    Phones: z.array(str()).max(100).optional(),
    SessionIds: z.array(str()).max(100).optional(),
  }),
  async handle(call, p) {
    const page = await describeTelCdr(call.app, {
      secretId: call.secretId,
      sdkAppId: p.SdkAppId,
      startTimeStamp: p.StartTimeStamp,
      endTimeStamp: p.EndTimeStamp,
      pageSize: p.PageSize,
      pageNumber: p.PageNumber,
      phones: p.Phones,
      sessionIds: p.SessionIds,
    });
    const list = `[${page.items.map((e) => e.telCdrJson).join(',')}]`;
    // TelCdrs is the deprecated twin of TelCdrList; both are filled so old and new clients work.
    return new JsonFields(`"TotalCount":${page.total},"TelCdrs":${list},"TelCdrList":${list}`);
  },
});

import { z } from 'zod';
import { describeTelCdr, type CdrPaging } from '../../app/use-cases/describe-tel-cdr.ts';
import { ApiError } from '../../shared/errors.ts';
import { JsonFields } from '../envelope.ts';
import { defineAction } from './action.ts';
import { int, sdkAppId, str } from './param-types.ts';

export const describeTelCdrAction = defineAction({
  name: 'DescribeTelCdr',
  mutates: false,
  params: z.strictObject({
    StartTimeStamp: int(),
    EndTimeStamp: int(),
    // SDK lines before SdkAppId (4.0.x, 2021) name the app InstanceId; either one will do.
    SdkAppId: sdkAppId().optional(),
    PageSize: int().optional(),
    PageNumber: int().optional(),
    // Deprecated in the SDK, what SDK lines before PageSize/PageNumber send: pages as they say
    // when PageSize/PageNumber are absent (Limit rows from row Offset), else ignored.
    InstanceId: sdkAppId().optional(),
    Limit: int().optional(),
    Offset: int().optional(),
    Phones: z.array(str()).max(100).optional(),
    SessionIds: z.array(str()).max(100).optional(),
  }),
  async handle(call, p) {
    const app = p.SdkAppId ?? p.InstanceId;
    if (app === undefined) throw new ApiError('MissingParameter', 'The request is missing a required parameter `SdkAppId`.');
    const page = await describeTelCdr(call.app, {
      secretId: call.secretId,
      sdkAppId: app,
      startTimeStamp: p.StartTimeStamp,
      endTimeStamp: p.EndTimeStamp,
      paging: pagingOf(p),
      phones: p.Phones,
      sessionIds: p.SessionIds,
    });
    const list = `[${page.items.map((e) => e.telCdrJson).join(',')}]`;
    // TelCdrs is the deprecated twin of TelCdrList; both are filled so old and new clients work.
    return new JsonFields(`"TotalCount":${page.total},"TelCdrs":${list},"TelCdrList":${list}`);
  },
});

/** PageSize/PageNumber when the request has either; else the older Limit/Offset; one of them is required. */
function pagingOf(p: { PageSize?: number; PageNumber?: number; Limit?: number; Offset?: number }): CdrPaging {
  if (p.PageSize !== undefined || p.PageNumber !== undefined) {
    if (p.PageSize === undefined) throw new ApiError('MissingParameter', 'The request is missing a required parameter `PageSize`.');
    if (p.PageNumber === undefined) throw new ApiError('MissingParameter', 'The request is missing a required parameter `PageNumber`.');
    return { kind: 'page', pageSize: p.PageSize, pageNumber: p.PageNumber };
  }
  if (p.Limit !== undefined) return { kind: 'rows', limit: p.Limit, offset: p.Offset ?? 0 };
  throw new ApiError('MissingParameter', 'The request is missing a required parameter `PageSize` (or the older `Limit`).');
}

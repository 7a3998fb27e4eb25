import { z } from 'zod';
import { describeTelCdr } from '../../app/describe-tel-cdr.ts';
import { buildTelCdr } from '../../domain/cdr.ts';
import type { SessionRecord } from '../../domain/session.ts';
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
    const list = `[${page.items.map(renderedCdr).join(',')}]`;
    // TelCdrs is the deprecated twin of TelCdrList; both are filled so old and new clients work.
    return new JsonFields(`"TotalCount":${page.total},"TelCdrs":${list},"TelCdrList":${list}`);
  },
});

/** A CDR's TelCdrInfo JSON, made once per record: CDRs never change once written. */
const rendered = new WeakMap<SessionRecord, string>();
function renderedCdr(record: SessionRecord): string {
  let json = rendered.get(record);
  if (json === undefined) {
    json = JSON.stringify(buildTelCdr(record));
    rendered.set(record, json);
  }
  return json;
}

import { ApiError } from '../../shared/errors.ts';
import { buildTelCdr } from '../../domain/cdr.ts';
import type { CdrEntry } from '../cdr-reader.ts';
import type { Page } from '../../storage/repositories.ts';
import type { AppContext } from '../app-context.ts';
import { requireApp } from './require-app.ts';

export interface DescribeTelCdrInput {
  secretId: string;
  sdkAppId: number;
  startTimeStamp: number;
  endTimeStamp: number;
  paging: CdrPaging;
  phones?: string[];
  sessionIds?: string[];
}

/** PageSize rows from page PageNumber (0-based), or, as older SDK lines ask, Limit rows from row Offset. */
export type CdrPaging = { kind: 'page'; pageSize: number; pageNumber: number } | { kind: 'rows'; limit: number; offset: number };

const DAY_S = 86_400;

/** DescribeTelCdr: CDRs whose call started within [start, end] (Unix seconds), newest first. */
export async function describeTelCdr(ctx: AppContext, input: DescribeTelCdrInput): Promise<Page<CdrEntry>> {
  requireApp(ctx, input.sdkAppId, input.secretId);
  const nowS = Math.floor(ctx.clock.now() / 1000);
  if (input.endTimeStamp < input.startTimeStamp) throw new ApiError('InvalidParameterValue', 'EndTimeStamp is before StartTimeStamp.');
  // The limits the SDK documents: at most the last 180 days, a range under 90 days, pages of at most 100.
  if (input.startTimeStamp < nowS - 180 * DAY_S) throw new ApiError('InvalidParameterValue', 'StartTimeStamp may be at most 180 days ago.');
  if (input.endTimeStamp - input.startTimeStamp >= 90 * DAY_S)
    throw new ApiError('InvalidParameterValue', 'The range from StartTimeStamp to EndTimeStamp must be under 90 days.');
  const { limit, offset } = rowsOf(input.paging);
  const page = await ctx.cdrs.page({
    sdkAppId: input.sdkAppId,
    fromMs: input.startTimeStamp * 1000,
    toMs: input.endTimeStamp * 1000 + 999,
    phones: input.phones?.length ? input.phones : undefined,
    sessionIds: input.sessionIds?.length ? input.sessionIds : undefined,
    offset,
    limit,
  });
  // Recording links are minted now (always fresh, signed, expiring) and never cached with the CDR;
  // a recording deleted by retention simply stops showing.
  const links = await ctx.recordings.linksOf(page.items.map((e) => e.record.sessionId));
  if (links.size === 0) return page;
  const items = page.items.map((e): CdrEntry => {
    const link = links.get(e.record.sessionId);
    if (!link) return e;
    const callerLocation = ctx.areas.callerLocator().locate(e.record.caller);
    return { record: e.record, telCdrJson: JSON.stringify(buildTelCdr(e.record, { callerLocation, recording: link })) };
  });
  return { total: page.total, items };
}

function rowsOf(paging: CdrPaging): { limit: number; offset: number } {
  if (paging.kind === 'rows') {
    if (paging.limit < 1 || paging.limit > 100) throw new ApiError('InvalidParameterValue', 'Limit must be between 1 and 100.');
    if (paging.offset < 0) throw new ApiError('InvalidParameterValue', 'Offset starts at 0.');
    return paging;
  }
  if (paging.pageSize < 1 || paging.pageSize > 100) throw new ApiError('InvalidParameterValue', 'PageSize must be between 1 and 100.');
  if (paging.pageNumber < 0) throw new ApiError('InvalidParameterValue', 'PageNumber starts at 0.');
  return { limit: paging.pageSize, offset: paging.pageNumber * paging.pageSize };
}

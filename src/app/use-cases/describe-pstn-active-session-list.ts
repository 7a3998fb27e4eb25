import type { SessionRecord } from '../../domain/session.ts';
import type { Page } from '../../storage/repositories.ts';
import type { AppContext } from '../app-context.ts';
import { requireApp } from './require-app.ts';

export interface DescribeActiveSessionsInput {
  secretId: string;
  sdkAppId: number;
  offset: number;
  limit: number;
}

/** DescribePSTNActiveSessionList: sessions not yet finished, oldest first. */
export async function describeActiveSessions(ctx: AppContext, input: DescribeActiveSessionsInput): Promise<Page<SessionRecord>> {
  requireApp(ctx, input.sdkAppId, input.secretId);
  return ctx.storage.sessions.listActive(input.sdkAppId, input.offset, input.limit);
}

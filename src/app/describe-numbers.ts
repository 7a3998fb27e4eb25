import { ApiError } from '../shared/errors.ts';
import type { AppContext } from './app-context.ts';
import { requireApp } from './require-app.ts';
import type { AppNumber } from './world.ts';

/** DescribeNumbers: the app's numbers in config order, paged (PageSize defaults to 20). */
export function describeNumbers(
  ctx: AppContext,
  secretId: string,
  sdkAppId: number,
  pageNumber = 0,
  pageSize = 20,
): { total: number; items: AppNumber[] } {
  const app = requireApp(ctx, sdkAppId, secretId);
  if (pageSize < 1 || pageSize > 100) throw new ApiError('InvalidParameterValue', 'PageSize must be between 1 and 100.');
  if (pageNumber < 0) throw new ApiError('InvalidParameterValue', 'PageNumber starts at 0.');
  const start = pageNumber * pageSize;
  return { total: app.numbers.length, items: app.numbers.slice(start, start + pageSize) };
}

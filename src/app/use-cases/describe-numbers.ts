import { ApiError } from '../../shared/errors.ts';
import type { AppContext } from '../app-context.ts';
import { requireApp } from './require-app.ts';
import type { AppNumber } from '../world.ts';

/** DescribeNumbers: the app's numbers in config order, paged (PageSize defaults to 20). */
export interface DescribeNumbersInput {
  secretId: string;
  sdkAppId: number;
  pageNumber?: number | undefined;
  pageSize?: number | undefined;
}

export function describeNumbers(ctx: AppContext, input: DescribeNumbersInput): { total: number; items: AppNumber[] } {
  const { pageNumber = 0, pageSize = 20 } = input;
  const app = requireApp(ctx, input.sdkAppId, input.secretId);
  if (pageSize < 1 || pageSize > 100) throw new ApiError('InvalidParameterValue', 'PageSize must be between 1 and 100.');
  if (pageNumber < 0) throw new ApiError('InvalidParameterValue', 'PageNumber starts at 0.');
  const start = pageNumber * pageSize;
  return { total: app.numbers.length, items: app.numbers.slice(start, start + pageSize) };
}

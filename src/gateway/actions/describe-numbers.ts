import { z } from 'zod';
import { describeNumbers } from '../../app/use-cases/describe-numbers.ts';
import { defineAction } from './action.ts';
import { int, sdkAppId } from './param-types.ts';

const STATE_CODE = { normal: 1, arrears: 2, adminDisabled: 4, violation: 5 } as const;

export const describeNumbersAction = defineAction({
  name: 'DescribeNumbers',
  mutates: false,
  params: z.strictObject({ SdkAppId: sdkAppId(), PageNumber: int().optional(), PageSize: int().optional() }),
  async handle(call, p) {
    const page = describeNumbers(call.app, {
      secretId: call.secretId,
      sdkAppId: p.SdkAppId,
      pageNumber: p.PageNumber,
      pageSize: p.PageSize,
    });
    return {
      TotalCount: page.total,
      Numbers: page.items.map((n) => ({
        Number: n.number,
        CallOutSkillGroupIds: [],
        State: STATE_CODE[n.state],
        CostType: n.selfOwned ? 1 : 0,
      })),
    };
  },
});

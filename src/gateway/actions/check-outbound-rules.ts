import { z } from 'zod';
import { checkOutboundRules } from '../../app/use-cases/check-outbound-rules.ts';
import { requireApp } from '../../app/use-cases/require-app.ts';
import { defineAction } from './action.ts';
import { int, sdkAppId, str } from './param-types.ts';

/**
 * CheckOutboundRules: an openccc extension, not a Tencent action (docs/api.md). A dry run of the
 * app's outbound rules for a hypothetical CreateIVRSession: every rule's verdict in evaluation
 * order; places no call and counts nothing. Signed and called like any action (the SDK's
 * CommonClient can call it).
 */
export const checkOutboundRulesAction = defineAction({
  name: 'CheckOutboundRules',
  mutates: false,
  params: z.strictObject({
    SdkAppId: sdkAppId(),
    Callee: str(),
    Caller: str().optional(),
    /** The instant to judge, Unix seconds; now when absent. */
    Timestamp: int().min(0).optional(),
  }),
  async handle(call, p) {
    const app = requireApp(call.app, p.SdkAppId, call.secretId);
    const report = await checkOutboundRules(call.app, app, {
      callee: p.Callee,
      caller: p.Caller,
      atMs: p.Timestamp === undefined ? undefined : p.Timestamp * 1000,
    });
    return {
      Admitted: report.admitted,
      Callee: report.calleeE164,
      Caller: report.caller,
      Timestamp: Math.floor(report.atMs / 1000),
      CalleeSubdivision: report.calleeArea?.subdivision ?? '',
      CalleeCities: report.calleeArea?.cities ?? [],
      Verdicts: report.checks.map((c) => ({
        Rule: c.rule,
        Admitted: c.verdict.ok,
        Counts: c.counts,
        Code: c.verdict.ok ? '' : c.verdict.code,
        EndStatus: c.verdict.ok ? 0 : c.verdict.endStatus,
        Message: c.verdict.ok ? '' : c.verdict.message,
      })),
    };
  },
});

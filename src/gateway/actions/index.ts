import type { ActionDefinition } from './action.ts';
import { createIvrSessionAction } from './create-ivr-session.ts';
import { describeNumbersAction } from './describe-numbers.ts';
import { describePstnActiveSessionListAction } from './describe-pstn-active-session-list.ts';
import { describeTelCdrAction } from './describe-tel-cdr.ts';
import { describeTelSessionAction } from './describe-tel-session.ts';
import { hangUpCallAction } from './hang-up-call.ts';
import { checkOutboundRulesAction } from './check-outbound-rules.ts';

/** Every action openccc answers, by its X-TC-Action name. */
export const ACTIONS: ReadonlyMap<string, ActionDefinition> = new Map(
  [
    createIvrSessionAction,
    describeTelSessionAction,
    hangUpCallAction,
    describeTelCdrAction,
    describePstnActiveSessionListAction,
    describeNumbersAction,
    // openccc extension, not a Tencent action.
    checkOutboundRulesAction,
  ].map((a) => [a.name, a as unknown as ActionDefinition]),
);

export const API_VERSION = '2020-02-10';

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as ccc from 'tencentcloud-sdk-nodejs/tencentcloud/services/ccc/v20200210/ccc_models.js';
import { loadConfigFile } from '../../src/app/config/load.ts';
import { openRuntime, type Runtime } from '../../src/app/runtime/open-runtime.ts';
import type { TelCdr, buildPstnSession, buildPstnSessionInfo } from '../../src/domain/cdr.ts';
import { ACTIONS } from '../../src/gateway/actions/index.ts';
import { JsonFields } from '../../src/gateway/envelope.ts';
import { VirtualClock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import type { Assert, Fits } from '../support/type-assert.ts';

// The answers of the six actions, pinned to the SDK's *Response types. A handler's return type is
// erased behind ActionDefinition, so each answer's keys are listed here, checked against the SDK type
// at compile time, and compared with what the real handler answers at run time (demo world, sim line,
// SQLite, virtual clock). Where an answer is made by a builder, its whole type is checked too.

type Answer<R> = Omit<R, 'RequestId'>;
type AnswerKeys<R> = readonly (keyof Answer<R>)[];

const ANSWER_KEYS = {
  CreateIVRSession: ['SessionId'] satisfies AnswerKeys<ccc.CreateIVRSessionResponse>,
  DescribeNumbers: ['TotalCount', 'Numbers'] satisfies AnswerKeys<ccc.DescribeNumbersResponse>,
  DescribePSTNActiveSessionList: ['Total', 'Sessions'] satisfies AnswerKeys<ccc.DescribePSTNActiveSessionListResponse>,
  DescribeTelCdr: ['TotalCount', 'TelCdrs', 'TelCdrList'] satisfies AnswerKeys<ccc.DescribeTelCdrResponse>,
  DescribeTelSession: ['Session'] satisfies AnswerKeys<ccc.DescribeTelSessionResponse>,
  HangUpCall: [] satisfies AnswerKeys<ccc.HangUpCallResponse>,
};
const NUMBER_INFO_KEYS = ['Number', 'CallOutSkillGroupIds', 'State', 'CostType'] satisfies readonly (keyof ccc.NumberInfo)[];

type _TelCdrAnswer = Assert<Fits<{ TotalCount: number; TelCdrs: TelCdr[]; TelCdrList: TelCdr[] }, Answer<ccc.DescribeTelCdrResponse>>>;
type _TelSessionAnswer = Assert<Fits<{ Session: ReturnType<typeof buildPstnSession> }, Answer<ccc.DescribeTelSessionResponse>>>;
type _ActiveListAnswer = Assert<
  Fits<{ Total: number; Sessions: ReturnType<typeof buildPstnSessionInfo>[] }, Answer<ccc.DescribePSTNActiveSessionListResponse>>
>;
// @ts-expect-error the SDK's DescribeTelSession answer has no Sessions
type _WrongAnswerIsCaught = Assert<Fits<{ Sessions: [] }, Answer<ccc.DescribeTelSessionResponse>>>;

const SDK_APP_ID = 1400000000;
const SECRET_ID = 'AKIDopencccDemoPlaceholder0000';
let dir: string;
let clock: VirtualClock;
let runtime: Runtime;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'openccc-answers-'));
  clock = new VirtualClock();
  const loaded = loadConfigFile(join(import.meta.dirname, '../../examples/demo/world.yaml'));
  // Shapes, not timing: the estimate of prompt lengths keeps virtual time independent of the TTS plug-in.
  runtime = await openRuntime({ loaded, dataDir: dir, clock, logger: silentLogger, textToSpeech: false });
});
after(async () => {
  await runtime.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What the action's handler answers, as the JSON members of Response (JsonFields parsed back). */
async function answer(action: keyof typeof ANSWER_KEYS, params: Record<string, unknown>): Promise<Record<string, unknown>> {
  const def = ACTIONS.get(action);
  assert.ok(def, action);
  const result = await def.handle({ app: runtime.app, secretId: SECRET_ID, requestId: 'r' }, def.params.parse(params));
  return result instanceof JsonFields ? (JSON.parse(`{${result.json}}`) as Record<string, unknown>) : result;
}

/** Advances virtual time in steps, letting storage's real I/O settle between them. */
async function run(ms: number, stepMs = 250): Promise<void> {
  for (let t = 0; t < ms; t += stepMs) {
    clock.advance(stepMs);
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  }
}

test('the six actions answer exactly the keys of their SDK Response types', async () => {
  const startS = Math.floor(clock.now() / 1000);
  // A callee that hangs up 3 s into the IVR, and one that stays on the line until we hang up.
  const short = await answer('CreateIVRSession', { SdkAppId: SDK_APP_ID, Callee: '008613900000006', IVRId: 4500 });
  const long = await answer('CreateIVRSession', { SdkAppId: SDK_APP_ID, Callee: '008613800000000', IVRId: 4500 });
  assert.deepEqual(Object.keys(short), ANSWER_KEYS.CreateIVRSession);
  await run(10_000);
  // The short call's CDR waits for its recording file (real I/O): give it real time, bounded.
  let active = await answer('DescribePSTNActiveSessionList', { SdkAppId: SDK_APP_ID, Offset: 0, Limit: 25 });
  for (let i = 0; i < 50 && active.Total !== 1; i++) {
    await new Promise((r) => setTimeout(r, 20));
    await run(250);
    active = await answer('DescribePSTNActiveSessionList', { SdkAppId: SDK_APP_ID, Offset: 0, Limit: 25 });
  }
  assert.deepEqual(Object.keys(active), ANSWER_KEYS.DescribePSTNActiveSessionList);
  assert.equal(active.Total, 1, 'only the long call is still on the line');

  const session = await answer('DescribeTelSession', { SdkAppId: SDK_APP_ID, SessionId: long.SessionId });
  assert.deepEqual(Object.keys(session), ANSWER_KEYS.DescribeTelSession);

  const hungUp = await answer('HangUpCall', { SdkAppId: SDK_APP_ID, SessionId: long.SessionId });
  assert.deepEqual(Object.keys(hungUp), ANSWER_KEYS.HangUpCall);
  await run(1_000);

  const cdrs = await answer('DescribeTelCdr', {
    SdkAppId: SDK_APP_ID,
    StartTimeStamp: startS,
    EndTimeStamp: startS + 3_600,
    PageSize: 10,
    PageNumber: 0,
  });
  assert.deepEqual(Object.keys(cdrs), ANSWER_KEYS.DescribeTelCdr);
  assert.equal(cdrs.TotalCount, 2);

  const numbers = await answer('DescribeNumbers', { SdkAppId: SDK_APP_ID });
  assert.deepEqual(Object.keys(numbers), ANSWER_KEYS.DescribeNumbers);
  for (const n of numbers.Numbers as Record<string, unknown>[]) assert.deepEqual(Object.keys(n), NUMBER_INFO_KEYS);
});

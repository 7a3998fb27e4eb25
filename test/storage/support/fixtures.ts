import { randomUUID } from 'node:crypto';
import { newSessionRecord, type SessionRecord } from '../../../src/domain/session.ts';

let nextApp = 1_400_000_100;

/** A fresh SdkAppId per test keeps tests sharing one database out of each other's way. */
export function freshAppId(): number {
  return nextApp++;
}

export const T0 = 1_700_000_000_000;

/** A plausible just-admitted session; override what the test is about. */
export function aSession(over: Partial<SessionRecord> = {}): SessionRecord {
  const fresh = newSessionRecord({
    sessionId: randomUUID(),
    sdkAppId: 1_400_000_000,
    ivrId: 4500,
    callee: '008613800000000',
    calleeE164: '+8613800000000',
    caller: '02000000000',
    uui: '',
    variables: {},
    startedAt: T0,
    requestId: randomUUID(),
  });
  return { ...fresh, ...over };
}

/** A session that went all the way: every nullable field set, JSON fields non-trivial. */
export function aFinishedSession(over: Partial<SessionRecord> = {}): SessionRecord {
  return aSession({
    status: 'finished',
    uui: 'order-42 "quoted" \u00e9\u4e2d',
    variables: { name: '\u5f20\u4e09', empty: '', 'with space': 'a\nb' },
    ringAt: T0 + 1_000,
    acceptAt: T0 + 5_000,
    endedAt: T0 + 65_000,
    ivrEndedAt: T0 + 64_000,
    endStatus: 1,
    hungUpSide: 'user',
    keyPresses: [
      { key: '1', label: 'sales', nodeLabel: 'menu', timestampMs: T0 + 10_000, originalContent: '1', ttsPrompt: 'Press 1' },
      { key: '#', timestampMs: T0 + 12_000 },
    ],
    ...over,
  });
}

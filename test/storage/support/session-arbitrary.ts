import fc from 'fast-check';
import type { KeyPress, SessionRecord } from '../../../src/domain/session.ts';
import { EndStatus } from '../../../src/domain/end-status.ts';

// Postgres text cannot hold U+0000; plain text columns get strings without it. JSON columns
// escape it, so variables and key presses may contain it.
const text = fc.string({ unit: 'grapheme', maxLength: 24 }).filter((s) => !s.includes('\u0000'));
const anyText = fc.string({ unit: 'grapheme', maxLength: 24 });
const ms = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const orNull = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

const keyPress: fc.Arbitrary<KeyPress> = fc.record(
  { key: anyText, label: anyText, nodeLabel: anyText, timestampMs: ms, originalContent: anyText, ttsPrompt: anyText },
  { requiredKeys: ['key', 'timestampMs'], noNullPrototype: true },
);

/** Any record the domain can hand to storage, up to the edges of each type. */
export const sessionRecordArb: fc.Arbitrary<SessionRecord> = fc.record(
  {
    sessionId: fc.uuid(),
    sdkAppId: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    ivrId: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    callee: text,
    calleeE164: text,
    caller: text,
    direction: fc.constantFrom(0 as const, 1 as const),
    status: fc.constantFrom('dialing' as const, 'ringing' as const, 'inProgress' as const, 'finished' as const),
    uui: text,
    variables: fc.dictionary(anyText, anyText, { noNullPrototype: true, maxKeys: 5 }),
    startedAt: ms,
    ringAt: orNull(ms),
    acceptAt: orNull(ms),
    endedAt: orNull(ms),
    ivrEndedAt: orNull(ms),
    endStatus: orNull(fc.constantFrom(...Object.values(EndStatus))),
    hungUpSide: orNull(fc.constantFrom('user' as const, 'system' as const, 'seat' as const)),
    keyPresses: fc.array(keyPress, { maxLength: 4 }),
    lineOutcome: orNull(
      fc.record(
        { reason: anyText, sipStatus: fc.integer({ min: 100, max: 699 }), q850Cause: fc.integer({ min: 1, max: 127 }) },
        { requiredKeys: ['reason'], noNullPrototype: true },
      ),
    ),
    requestId: text,
  },
  { noNullPrototype: true },
);

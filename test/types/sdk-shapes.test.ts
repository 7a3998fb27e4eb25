import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as ccc from 'tencentcloud-sdk-nodejs/tencentcloud/services/ccc/v20200210/ccc_models.js';
import { buildPstnSession, buildPstnSessionInfo, buildTelCdr, type TelCdr } from '../../src/domain/cdr.ts';
import { aFinishedSession, aSession, T0 } from '../storage/support/fixtures.ts';
import type { Assert, Fits, NoExtraKeys } from '../support/type-assert.ts';

// The wire shapes openccc builds, pinned to the official SDK's own models (ccc_models.d.ts): each
// must be assignable to the SDK type and carry no key the SDK lacks. These are checked by the
// typecheck; the runtime assertions below make each check a test that runs.

type PstnSession = ReturnType<typeof buildPstnSession>;
type PstnSessionInfo = ReturnType<typeof buildPstnSessionInfo>;
type KeyPressed = TelCdr['IVRKeyPressedEx'][number];

type _TelCdrFits = Assert<Fits<TelCdr, ccc.TelCdrInfo>>;
type _KeyPressedFits = Assert<Fits<KeyPressed, ccc.IVRKeyPressedElement>>;
type _PstnSessionFits = Assert<Fits<PstnSession, ccc.PSTNSession>>;
type _PstnSessionInfoFits = Assert<Fits<PstnSessionInfo, ccc.PSTNSessionInfo>>;

// The checks can fail: a key the SDK does not know, and a value of the wrong type, are both errors.
// @ts-expect-error TelCdrInfo has no Extra
type _ExtraKeyIsCaught = Assert<NoExtraKeys<TelCdr & { Extra: 1 }, ccc.TelCdrInfo>>;
// @ts-expect-error TelCdrInfo.Duration is a number
type _WrongTypeIsCaught = Assert<Fits<Omit<TelCdr, 'Duration'> & { Duration: string }, ccc.TelCdrInfo>>;

test('buildTelCdr is a TelCdrInfo of the SDK, key presses included', () => {
  const cdr: ccc.TelCdrInfo = buildTelCdr(aFinishedSession());
  assert.equal(cdr.EndStatus, 1);
  assert.equal(cdr.EndStatusString, 'ok');
  assert.equal(cdr.Duration, 60);
  assert.equal(cdr.Time, (T0 / 1000) | 0);
  const first: ccc.IVRKeyPressedElement | undefined = cdr.IVRKeyPressedEx?.[0];
  assert.deepEqual(first, {
    Key: '1',
    Label: 'sales',
    Timestamp: T0 + 10_000,
    NodeLabel: 'menu',
    OriginalContent: '1',
    TTSPrompt: 'Press 1',
  });
});

test('buildPstnSession is a PSTNSession of the SDK', () => {
  const session: ccc.PSTNSession = buildPstnSession(aSession());
  assert.equal(session.SessionStatus, 'ringing', "'dialing' is ours; the SDK knows the call as ringing");
  assert.equal(session.Direction, 1);
  assert.equal(session.AcceptTimestamp, 0);
});

test('buildPstnSessionInfo is a PSTNSessionInfo of the SDK, with its string timestamps', () => {
  const info: ccc.PSTNSessionInfo = buildPstnSessionInfo(aFinishedSession());
  assert.equal(info.StartTimestamp, String(T0 / 1000));
  assert.equal(info.AcceptTimestamp, String((T0 + 5_000) / 1000));
  assert.equal(info.SessionStatus, 'finished');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { newSessionRecord, type SessionRecord } from '../../src/domain/session.ts';
import { stepSession, type SessionEvent } from '../../src/domain/session-machine.ts';
import { EndStatus } from '../../src/domain/end-status.ts';

const fresh = (): SessionRecord =>
  newSessionRecord({
    sessionId: 's1',
    sdkAppId: 1,
    ivrId: 1,
    callee: '008612300000000',
    calleeE164: '+8612300000000',
    caller: '008610000000001',
    uui: '',
    variables: {},
    startedAt: 0,
    requestId: 'r',
  });

function run(events: SessionEvent[]) {
  let s = fresh();
  const commands: string[] = [];
  for (const e of events) {
    const step = stepSession(s, e);
    s = step.session;
    commands.push(...step.commands.map((c) => c.type));
  }
  return { s, commands };
}

test('dialing -> ringing -> answered starts the IVR; IVR completion ends with ivrEnd by system', () => {
  const { s, commands } = run([
    { type: 'ringing', at: 1000 },
    { type: 'answered', at: 3000 },
    { type: 'ivrCompleted', at: 9000 },
  ]);
  assert.equal(s.status, 'finished');
  assert.equal(s.ringAt, 1000);
  assert.equal(s.acceptAt, 3000);
  assert.equal(s.endedAt, 9000);
  assert.equal(s.endStatus, EndStatus.ivrEnd);
  assert.equal(s.hungUpSide, 'system');
  assert.deepEqual(commands, ['startIvr', 'hangupLine', 'finalize']);
});

test('a line failure before answer ends the call with its EndStatus, hung up by the user side', () => {
  const { s, commands } = run([
    { type: 'ringing', at: 1 },
    { type: 'lineFailed', at: 5, endStatus: EndStatus.busy },
  ]);
  assert.equal(s.endStatus, 206);
  assert.equal(s.hungUpSide, 'user');
  assert.equal(s.acceptAt, null);
  assert.deepEqual(commands, ['finalize']);
});

test('remote hangup: during the IVR is ivrGiveUp, before answer is userReject', () => {
  assert.equal(
    run([
      { type: 'answered', at: 1 },
      { type: 'remoteHangup', at: 2 },
    ]).s.endStatus,
    EndStatus.ivrGiveUp,
  );
  assert.equal(
    run([
      { type: 'ringing', at: 1 },
      { type: 'remoteHangup', at: 2 },
    ]).s.endStatus,
    EndStatus.userReject,
  );
});

test('API hangup maps to ok after answer, callerCancelWhileRing while ringing, callerCancel before ringing; shutdown to operatorError', () => {
  assert.equal(
    run([
      { type: 'answered', at: 1 },
      { type: 'hangupRequested', at: 2, reason: 'api' },
    ]).s.endStatus,
    EndStatus.ok,
  );
  assert.equal(
    run([
      { type: 'ringing', at: 1 },
      { type: 'hangupRequested', at: 2, reason: 'api' },
    ]).s.endStatus,
    EndStatus.callerCancelWhileRing,
  );
  assert.equal(run([{ type: 'hangupRequested', at: 2, reason: 'api' }]).s.endStatus, EndStatus.callerCancel);
  assert.equal(
    run([
      { type: 'answered', at: 1 },
      { type: 'hangupRequested', at: 2, reason: 'shutdown' },
    ]).s.endStatus,
    EndStatus.operatorError,
  );
});

test('key presses are kept only while in progress', () => {
  const press = { key: '1', timestampMs: 5 };
  const { s } = run([
    { type: 'keyPressed', press },
    { type: 'answered', at: 1 },
    { type: 'keyPressed', press },
  ]);
  assert.deepEqual(s.keyPresses, [press]);
});

const anyEvent: fc.Arbitrary<SessionEvent> = fc.oneof(
  fc.record({ type: fc.constant('ringing' as const), at: fc.nat(1e6) }),
  fc.record({ type: fc.constant('answered' as const), at: fc.nat(1e6) }),
  fc.record({
    type: fc.constant('lineFailed' as const),
    at: fc.nat(1e6),
    endStatus: fc.constantFrom(EndStatus.busy, EndStatus.notAnswer, EndStatus.powerOff),
  }),
  fc.record({ type: fc.constant('keyPressed' as const), press: fc.record({ key: fc.constantFrom('1', '2', '#'), timestampMs: fc.nat() }) }),
  fc.record({ type: fc.constant('ivrCompleted' as const), at: fc.nat(1e6) }),
  fc.record({ type: fc.constant('remoteHangup' as const), at: fc.nat(1e6) }),
  fc.record({
    type: fc.constant('hangupRequested' as const),
    at: fc.nat(1e6),
    reason: fc.constantFrom('api' as const, 'shutdown' as const),
  }),
);

test('property: finalize is commanded at most once, exactly when the session finishes, and nothing changes after', () => {
  fc.assert(
    fc.property(fc.array(anyEvent, { maxLength: 30 }), (events) => {
      let s = fresh();
      let finalizes = 0;
      for (const e of events) {
        const before = s;
        const step = stepSession(s, e);
        finalizes += step.commands.filter((c) => c.type === 'finalize').length;
        if (before.status === 'finished') assert.equal(step.session, before);
        s = step.session;
        if (s.status === 'finished') assert.notEqual(s.endStatus, null);
      }
      assert.equal(finalizes, s.status === 'finished' ? 1 : 0);
    }),
  );
});

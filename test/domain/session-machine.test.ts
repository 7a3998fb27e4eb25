import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { newSessionRecord, type SessionRecord } from '../../src/domain/session.ts';
import { stepSession, type SessionEvent } from '../../src/domain/session-machine.ts';
import { EndStatus } from '../../src/domain/end-status.ts';

const fresh = (direction: 0 | 1 = 1): SessionRecord =>
  newSessionRecord({
    direction,
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

function run(events: SessionEvent[], start: SessionRecord = fresh()) {
  let s = start;
  const commands: string[] = [];
  const lifecycle: string[] = [];
  for (const e of events) {
    const step = stepSession(s, e);
    s = step.session;
    commands.push(...step.commands.map((c) => c.type));
    lifecycle.push(...step.events);
  }
  return { s, commands, lifecycle };
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
  assert.deepEqual(commands, ['startRecording', 'startIvr', 'hangupLine', 'finalize']);
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
  fc.record({ type: fc.constant('offered' as const), at: fc.nat(1e6) }),
  fc.record({ type: fc.constant('transferred' as const), at: fc.nat(1e6) }),
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
    fc.property(fc.constantFrom<0 | 1>(0, 1), fc.array(anyEvent, { maxLength: 30 }), (direction, events) => {
      let s = fresh(direction);
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

test("each step names the lifecycle events it produces: ringing, answered, keyPressed, ended (created is the app's, at admission)", () => {
  const { lifecycle } = run([
    { type: 'ringing', at: 1 },
    { type: 'ringing', at: 2 },
    { type: 'answered', at: 3 },
    { type: 'keyPressed', press: { key: '1', timestampMs: 4 } },
    { type: 'keyPressed', press: { key: '2', timestampMs: 5 } },
    { type: 'ivrCompleted', at: 6 },
    { type: 'remoteHangup', at: 7 },
  ]);
  assert.deepEqual(lifecycle, ['session.ringing', 'session.answered', 'session.keyPressed', 'session.keyPressed', 'session.ended']);
  assert.deepEqual(run([{ type: 'lineFailed', at: 1, endStatus: EndStatus.busy }]).lifecycle, ['session.ended']);
  assert.ok(!run([{ type: 'ringing', at: 1 }]).lifecycle.includes('session.created'));
});

test('offered answers the line only for an inbound (direction 0) session that is ringing, and writes no event', () => {
  const inbound = fresh(0);
  assert.equal(inbound.status, 'ringing');
  const step = stepSession(inbound, { type: 'offered', at: 5 });
  assert.deepEqual(step.commands, [{ type: 'answerLine' }]);
  assert.deepEqual(step.events, []);
  assert.equal(step.changed, true);
  assert.equal(step.session, inbound, 'offering changes nothing in the record');
  assert.equal(stepSession(fresh(1), { type: 'offered', at: 5 }).changed, false, 'an outbound session is never offered');
  const ringingOut = stepSession(fresh(1), { type: 'ringing', at: 1 }).session;
  assert.deepEqual(stepSession(ringingOut, { type: 'offered', at: 5 }).commands, []);
  const answeredIn = stepSession(inbound, { type: 'answered', at: 6 }).session;
  assert.deepEqual(stepSession(answeredIn, { type: 'offered', at: 7 }).commands, []);
});

test('an inbound call: offered -> answered runs the IVR; Direction 0 and its ring time kept from admission', () => {
  const { s, commands, lifecycle } = run(
    [
      { type: 'offered', at: 0 },
      { type: 'answered', at: 10 },
      { type: 'ivrCompleted', at: 90 },
    ],
    fresh(0),
  );
  assert.equal(s.direction, 0);
  assert.equal(s.ringAt, 0);
  assert.equal(s.acceptAt, 10);
  assert.equal(s.endStatus, EndStatus.ivrEnd);
  assert.deepEqual(commands, ['answerLine', 'startRecording', 'startIvr', 'hangupLine', 'finalize']);
  assert.deepEqual(lifecycle, ['session.answered', 'session.ended']);
});

test('transferred ends an answered call as EndStatus 1, hung up by the system, keeping the line outcome', () => {
  const line = { reason: 'transferred to +8613900000000', sipStatus: 200 };
  const { s, commands, lifecycle } = run([
    { type: 'answered', at: 1 },
    { type: 'transferred', at: 50, line },
  ]);
  assert.equal(s.endStatus, EndStatus.ok);
  assert.equal(s.hungUpSide, 'system');
  assert.equal(s.ivrEndedAt, 50);
  assert.deepEqual(s.lineOutcome, line);
  assert.deepEqual(commands, ['startRecording', 'startIvr', 'stopIvr', 'finalize']);
  assert.deepEqual(lifecycle.at(-1), 'session.ended');
  assert.equal(run([{ type: 'transferred', at: 50, line }]).s.status, 'dialing', 'no transfer before answer');
});

test('the line outcome is kept on finish: from the ending event, else the one already known', () => {
  const busy = { reason: 'callee busy', sipStatus: 486 };
  assert.deepEqual(run([{ type: 'lineFailed', at: 1, endStatus: EndStatus.busy, line: busy }]).s.lineOutcome, busy);
  const known = { ...fresh(), lineOutcome: { reason: 'earlier' } };
  assert.deepEqual(run([{ type: 'hangupRequested', at: 2, reason: 'api' }], known).s.lineOutcome, { reason: 'earlier' });
  assert.equal(run([{ type: 'hangupRequested', at: 2, reason: 'api' }]).s.lineOutcome, null);
});

test('property: session.ended appears exactly once among all events of any sequence (ended by a shutdown at the latest), always last', () => {
  fc.assert(
    fc.property(fc.constantFrom<0 | 1>(0, 1), fc.array(anyEvent, { maxLength: 30 }), (direction, events) => {
      const { s, lifecycle } = run([...events, { type: 'hangupRequested', at: 2e6, reason: 'shutdown' }], fresh(direction));
      assert.equal(s.status, 'finished');
      assert.equal(lifecycle.filter((e) => e === 'session.ended').length, 1);
      assert.equal(lifecycle.at(-1), 'session.ended');
      assert.ok(!lifecycle.includes('session.created'));
      const ungrouped = run(events, fresh(direction));
      assert.equal(ungrouped.lifecycle.filter((e) => e === 'session.ended').length, ungrouped.s.status === 'finished' ? 1 : 0);
    }),
  );
});

test('property: a step that changes nothing produces no event and no command', () => {
  fc.assert(
    fc.property(fc.constantFrom<0 | 1>(0, 1), fc.array(anyEvent, { maxLength: 30 }), (direction, events) => {
      let s = fresh(direction);
      for (const e of events) {
        const step = stepSession(s, e);
        if (!step.changed) {
          assert.deepEqual(step.events, []);
          assert.deepEqual(step.commands, []);
          assert.equal(step.session, s);
        }
        s = step.session;
      }
    }),
  );
});

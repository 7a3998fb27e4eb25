import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EndStatus } from '../../../src/domain/end-status.ts';
import type { FailureKind } from '../../../src/telephony/sim/sim-config.ts';
import { simWorld, type SimConfigInput } from './support/sim-harness.ts';

type OutcomeInput = NonNullable<SimConfigInput['defaultOutcome']>;

const CALLEE = '+8613900000001';

/** Dials one callee whose outcome is `outcome` and runs the clock out. */
function run(outcome: OutcomeInput, maxRingMs = 45_000) {
  const w = simWorld({ outcomes: [{ match: CALLEE, outcome }] });
  const leg = w.dial(CALLEE, { maxRingMs });
  w.clock.runAll();
  return { ...w, leg };
}

const failures: [FailureKind, number, number, boolean][] = [
  // kind, default ring ms, EndStatus, rings first
  ['busy', 0, EndStatus.busy, false],
  ['reject', 3000, EndStatus.userReject, true],
  ['numberNotExist', 0, EndStatus.numberNotExist, false],
  ['powerOff', 0, EndStatus.powerOff, false],
  ['notInService', 0, EndStatus.notInService, false],
  ['operatorError', 0, EndStatus.operatorError, false],
  ['outOfCredit', 0, EndStatus.outOfCredit, false],
  ['voicemail', 15_000, EndStatus.voiceMailReached, true],
];

for (const [kind, ringMs, endStatus, rings] of failures) {
  test(`${kind}: ends failed with EndStatus ${endStatus} at ${ringMs} ms, never answered`, () => {
    const { story, heard, carrier, clock, leg } = run({ kind });
    const expected: [number, string][] = rings
      ? [
          [0, 'ringing'],
          [ringMs, `failed ${endStatus}`],
        ]
      : [[0, `failed ${endStatus}`]];
    assert.deepEqual(story(), expected);
    const last = heard.at(-1)!.event;
    assert.ok(last.type === 'failed' && last.reason.length > 0);
    assert.equal(leg.state, 'ended');
    assert.equal(carrier.activeCalls(), 0);
    assert.equal(clock.pendingTimers(), 0);
  });
}

test('a failure kind with ringSeconds rings first, then fails at that time', () => {
  assert.deepEqual(run({ kind: 'busy', ringSeconds: 4 }).story(), [
    [0, 'ringing'],
    [4000, 'failed 206'],
  ]);
  assert.deepEqual(run({ kind: 'reject', ringSeconds: 0 }).story(), [[0, 'failed 203']]);
});

test('noAnswer rings until maxRingMs, then 202', () => {
  assert.deepEqual(run({ kind: 'noAnswer' }, 45_000).story(), [
    [0, 'ringing'],
    [45_000, 'failed 202'],
  ]);
  assert.deepEqual(run({ kind: 'noAnswer' }, 5_000).story(), [
    [0, 'ringing'],
    [5_000, 'failed 202'],
  ]);
});

test('ringing that would outlast maxRingMs ends as notAnswer at maxRingMs, whatever the kind', () => {
  assert.deepEqual(run({ kind: 'answer', ringSeconds: 30, digits: '1' }, 10_000).story(), [
    [0, 'ringing'],
    [10_000, 'failed 202'],
  ]);
  assert.deepEqual(
    run({ kind: 'answer', ringSeconds: 10 }, 10_000).story(),
    [
      [0, 'ringing'],
      [10_000, 'failed 202'],
    ],
    'a tie goes to the ring timer',
  );
  assert.deepEqual(run({ kind: 'voicemail' }, 8_000).story(), [
    [0, 'ringing'],
    [8_000, 'failed 202'],
  ]);
  assert.deepEqual(run({ kind: 'answer', ringSeconds: 9.999 }, 10_000).story().slice(0, 2), [
    [0, 'ringing'],
    [9_999, 'answered'],
  ]);
});

test('answer: rings, answers after ringSeconds, presses its digit, hangs up hangupAfterSeconds after answer', () => {
  const { story, carrier, clock } = run({ kind: 'answer', ringSeconds: 3, digits: '1', hangupAfterSeconds: 20 });
  assert.deepEqual(story(), [
    [0, 'ringing'],
    [3000, 'answered'],
    [4000, 'dtmf 1'],
    [23_000, 'hangup'],
  ]);
  assert.equal(carrier.activeCalls(), 0);
  assert.equal(clock.pendingTimers(), 0);
});

test('answer with ringSeconds 0 still reports ringing first, at the same time', () => {
  assert.deepEqual(run({ kind: 'answer', ringSeconds: 0, hangupAfterSeconds: 1 }).story(), [
    [0, 'ringing'],
    [0, 'answered'],
    [1000, 'hangup'],
  ]);
});

test('answer without hangupAfterSeconds stays up until our side ends it', () => {
  const { story, carrier, clock, leg } = run({ kind: 'answer', ringSeconds: 1 });
  assert.deepEqual(story(), [
    [0, 'ringing'],
    [1000, 'answered'],
  ]);
  assert.equal(carrier.activeCalls(), 1);
  leg.hangup();
  assert.equal(carrier.activeCalls(), 0);
  assert.equal(clock.pendingTimers(), 0);
});

test('the first matching rule wins, and unmatched callees get the default outcome', () => {
  const w = simWorld({
    defaultOutcome: { kind: 'powerOff' },
    outcomes: [
      { match: '+86139000001*', outcome: { kind: 'busy' } },
      { match: '+8613900000123', outcome: { kind: 'numberNotExist' } },
      { match: '+861390000000?', outcome: { kind: 'outOfCredit' } },
    ],
  });
  for (const callee of ['+8613900000123', '+8613900000007', '+8613800000000']) w.dial(callee);
  w.clock.runAll();
  assert.deepEqual([w.story('s1'), w.story('s2'), w.story('s3')], [[[0, 'failed 206']], [[0, 'failed 207']], [[0, 'failed 204']]]);
});

test('the built-in default outcome answers after 2 s, presses 1 a second later, hangs up after 120 s', () => {
  const w = simWorld();
  w.dial('+8613800000000');
  w.clock.runAll();
  assert.deepEqual(w.story(), [
    [0, 'ringing'],
    [2000, 'answered'],
    [3000, 'dtmf 1'],
    [122_000, 'hangup'],
  ]);
});

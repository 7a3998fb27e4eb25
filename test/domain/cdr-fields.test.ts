import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildTelCdr } from '../../src/domain/cdr.ts';
import { aFinishedSession, aSession } from '../storage/support/fixtures.ts';

// One test per TelCdrInfo field openccc computes, against TCCC's definitions
// (../shared/research/tccc-data-push.md §1.1 and §3, tccc-actions.md §2).

const T = Date.parse('2026-05-10T04:00:00.700Z'); // not on a second: flooring shows
const s = (ms: number) => Math.floor(ms / 1000);
const answered = aFinishedSession({ startedAt: T, ringAt: T + 2_400, acceptAt: T + 5_900, ivrEndedAt: T + 60_100, endedAt: T + 65_200 });
const unanswered = aSession({
  status: 'finished',
  startedAt: T,
  ringAt: T + 2_000,
  acceptAt: null,
  endedAt: T + 32_000,
  endStatus: 202,
  hungUpSide: 'user',
});
const refused = aSession({ status: 'finished', startedAt: T, endedAt: T, endStatus: 110, hungUpSide: 'system' });

test('StartTimestamp and Time: when the call started, Unix seconds floored', () => {
  for (const r of [answered, unanswered, refused]) {
    assert.equal(buildTelCdr(r).StartTimestamp, s(T));
    assert.equal(buildTelCdr(r).Time, s(T));
  }
});

test('RingTimestamp: when it started ringing; 0 when it never rang', () => {
  assert.equal(buildTelCdr(answered).RingTimestamp, s(T + 2_400));
  assert.equal(buildTelCdr(refused).RingTimestamp, 0);
});

test('AcceptTimestamp: when it was answered; 0 when it never was', () => {
  assert.equal(buildTelCdr(answered).AcceptTimestamp, s(T + 5_900));
  assert.equal(buildTelCdr(unanswered).AcceptTimestamp, 0);
});

test('EndedTimestamp: when it ended', () => {
  assert.equal(buildTelCdr(answered).EndedTimestamp, s(T + 65_200));
  assert.equal(buildTelCdr(unanswered).EndedTimestamp, s(T + 32_000));
  assert.equal(buildTelCdr(refused).EndedTimestamp, s(T));
});

test('Duration = EndedTimestamp - AcceptTimestamp; 0 when never answered (property)', () => {
  assert.equal(buildTelCdr(answered).Duration, s(T + 65_200) - s(T + 5_900));
  assert.equal(buildTelCdr(unanswered).Duration, 0);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 7_200_000 }), (a, b, c) => {
      const cdr = buildTelCdr(
        aFinishedSession({ startedAt: T + a, ringAt: T + a, acceptAt: T + a + b, ivrEndedAt: null, endedAt: T + a + b + c }),
      );
      return cdr.Duration === cdr.EndedTimestamp - cdr.AcceptTimestamp && cdr.Duration >= 0;
    }),
  );
});

test('IVRDuration: outbound, from the answer to when the IVR left the call; inbound, from arrival (TCCC: Queued - Start)', () => {
  assert.equal(buildTelCdr(answered).IVRDuration, s(T + 60_100) - s(T + 5_900));
  assert.equal(buildTelCdr({ ...answered, ivrEndedAt: null }).IVRDuration, s(T + 65_200) - s(T + 5_900), 'the IVR ran to the end');
  assert.equal(buildTelCdr(unanswered).IVRDuration, 0, 'no IVR without an answer');
  const inbound = { ...answered, direction: 0 as const, ringAt: T, acceptAt: T + 300 };
  assert.equal(buildTelCdr(inbound).IVRDuration, s(T + 60_100) - s(T));
});

test('HungUpSide: user, system or seat as recorded; "" while unknown', () => {
  assert.equal(buildTelCdr(answered).HungUpSide, 'user');
  assert.equal(buildTelCdr(refused).HungUpSide, 'system');
  assert.equal(buildTelCdr({ ...answered, hungUpSide: 'seat' }).HungUpSide, 'seat');
  assert.equal(buildTelCdr({ ...answered, hungUpSide: null }).HungUpSide, '');
});

test('CallerLocation: the region the app found for the Caller number; "" when none', () => {
  assert.equal(buildTelCdr(answered, { callerLocation: '北京市' }).CallerLocation, '北京市');
  assert.equal(buildTelCdr(answered).CallerLocation, '');
});

test('EndStatus and EndStatusString pair as TCCC lists them', () => {
  assert.deepEqual([buildTelCdr(answered).EndStatus, buildTelCdr(answered).EndStatusString], [1, 'ok']);
  assert.deepEqual([buildTelCdr(refused).EndStatus, buildTelCdr(refused).EndStatusString], [110, 'restrictedArea']);
});

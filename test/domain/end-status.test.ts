import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EndStatus, endStatusString } from '../../src/domain/end-status.ts';

// Every code the SDK's TelCdrInfo comment and TCCC's CDR-push page / end-status FAQ list
// (../shared/research/tccc-actions.md §3, tccc-data-push.md §3), with its EndStatusString.
const TCCC: [number, string][] = [
  [0, 'error'],
  [1, 'ok'],
  [2, 'unconnected'],
  [17, 'seatGiveUp'],
  [100, 'blackList'],
  [101, 'seatForward'],
  [102, 'ivrGiveUp'],
  [103, 'waitingGiveUp'],
  [104, 'ringingGiveUp'],
  [105, 'noSeatOnline'],
  [106, 'notWorkTime'],
  [107, 'ivrEnd'],
  [108, 'restrictedCallee'],
  [109, 'tooManyRequest'],
  [110, 'restrictedArea'],
  [111, 'restrictedTime'],
  [201, 'unknown'],
  [202, 'notAnswer'],
  [203, 'userReject'],
  [204, 'powerOff'],
  [205, 'numberNotExist'],
  [206, 'busy'],
  [207, 'outOfCredit'],
  [208, 'operatorError'],
  [209, 'callerCancel'],
  [210, 'notInService'],
  [211, 'clientError'],
  [212, 'carrierBlocked'],
  [213, 'callReminder'],
  [215, 'numberInvalid'],
  [216, 'callRestricted'],
  [217, 'calleeRestricted'],
  [218, 'areaRestricted'],
  [219, 'promptCallForwarding'],
  [220, 'callerCancelWhileRing'],
  [221, 'callerCancelWithoutRing'],
  [222, 'voiceMailReached'],
  [225, 'asrError'],
  [226, 'llmasrError'],
  [227, 'ttsError'],
  [228, 'functionCallHangup'],
  [229, 'maxCallDurationReached'],
  [230, 'userInactivity'],
  [231, 'callTerminatedByAPI'],
  [232, 'userHangupDuringAiCall'],
  [233, 'aiAgentEndCall'],
  [501, 'callConflict'],
  [502, 'clientTimeout'],
  [503, 'voipClientError'],
];

test('every EndStatus TCCC documents is there, with its string', () => {
  for (const [code, name] of TCCC) {
    assert.equal((EndStatus as Record<string, number>)[name], code, name);
    assert.equal(endStatusString(code), name);
  }
  assert.equal(Object.keys(EndStatus).length, TCCC.length, 'and nothing TCCC does not list');
});

test('codes are unique, and a code TCCC never listed reads as "unknown"', () => {
  assert.equal(new Set(Object.values(EndStatus)).size, Object.keys(EndStatus).length);
  assert.equal(endStatusString(214), 'unknown');
});

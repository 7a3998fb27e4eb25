/**
 * CDR end statuses, numbers and strings exactly as the SDK's TelCdrInfo.EndStatus documents them
 * (tencentcloud-sdk-nodejs ccc_models.d.ts). Line failures end here, never in API error codes.
 */
export const EndStatus = {
  ok: 1,
  blackList: 100,
  ivrGiveUp: 102,
  waitingGiveUp: 103,
  ringingGiveUp: 104,
  noSeatOnline: 105,
  notWorkTime: 106,
  ivrEnd: 107,
  restrictedCallee: 108,
  tooManyRequest: 109,
  restrictedArea: 110,
  restrictedTime: 111,
  notAnswer: 202,
  userReject: 203,
  powerOff: 204,
  numberNotExist: 205,
  busy: 206,
  outOfCredit: 207,
  operatorError: 208,
  callerCancel: 209,
  notInService: 210,
  clientError: 211,
  carrierBlocked: 212,
  callReminder: 213,
  numberInvalid: 215,
  callRestricted: 216,
  calleeRestricted: 217,
  areaRestricted: 218,
  promptCallForwarding: 219,
  callerCancelWhileRing: 220,
  callerCancelWithoutRing: 221,
  voiceMailReached: 222,
} as const;

export type EndStatusName = keyof typeof EndStatus;
export type EndStatusCode = (typeof EndStatus)[EndStatusName];

const nameByCode = new Map<number, EndStatusName>((Object.entries(EndStatus) as [EndStatusName, number][]).map(([k, v]) => [v, k]));

/** The EndStatusString that pairs with a code, e.g. 206 -> "busy". */
export function endStatusString(code: number): string {
  return nameByCode.get(code) ?? 'unknown';
}

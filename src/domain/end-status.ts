/**
 * CDR end statuses, numbers and strings exactly as the SDK's TelCdrInfo.EndStatus documents them
 * (tencentcloud-sdk-nodejs ccc_models.d.ts). Line failures end here, never in API error codes.
 */
export const EndStatus = {
  // 0, 2, 17, 101 and 201 are not in the SDK comment but in TCCC's CDR-push page and end-status
  // FAQ (product docs 679/123938, 1229/71847); 101's string is not published (seatForward presumed).
  error: 0,
  ok: 1,
  unconnected: 2,
  seatGiveUp: 17,
  blackList: 100,
  seatForward: 101,
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
  unknown: 201,
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
  // AI-agent calls (openccc places none; listed so CDRs written elsewhere read back by name).
  asrError: 225,
  llmasrError: 226,
  ttsError: 227,
  functionCallHangup: 228,
  maxCallDurationReached: 229,
  userInactivity: 230,
  callTerminatedByAPI: 231,
  userHangupDuringAiCall: 232,
  aiAgentEndCall: 233,
  // Audio (VoIP) inbound.
  callConflict: 501,
  clientTimeout: 502,
  voipClientError: 503,
} as const;

export type EndStatusName = keyof typeof EndStatus;
export type EndStatusCode = (typeof EndStatus)[EndStatusName];

const nameByCode = new Map<number, EndStatusName>((Object.entries(EndStatus) as [EndStatusName, number][]).map(([k, v]) => [v, k]));

/** The EndStatusString that pairs with a code, e.g. 206 -> "busy"; a code TCCC never listed reads as 201's "unknown". */
export function endStatusString(code: number): string {
  return nameByCode.get(code) ?? 'unknown';
}

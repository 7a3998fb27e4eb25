/**
 * The error registry: the only place an API error code is spelled. Every code the server can
 * answer with lives in this table with its default message and where it is documented;
 * docs/errors.md is generated from it and a test proves the two agree.
 * It sits in shared/ so domain rules, app use cases and the gateway all throw the same constants.
 */

export type ErrorSource = 'common' | 'CreateIVRSession';

interface ErrorSpec {
  message: string;
  /** Where Tencent Cloud documents the code: the common error page, or the seed's action page. */
  source: ErrorSource;
  /** When openccc answers with it. */
  when: string;
}

export const ERRORS = {
  // Common errors (Tencent Cloud API 3.0, "Common Error Codes").
  'AuthFailure.InvalidAuthorization': {
    source: 'common',
    message: 'Authorization in the request header is invalid.',
    when: 'The Authorization header is not of the TC3-HMAC-SHA256 form, or the credential scope does not match the request.',
  },
  'AuthFailure.SecretIdNotFound': {
    source: 'common',
    message:
      'Key does not exist. Check if the key has been deleted or disabled in the console, and if not, check if the key is correctly entered.',
    when: 'The SecretId is not among the configured credentials.',
  },
  'AuthFailure.SignatureExpire': {
    source: 'common',
    message: 'Signature expired. Timestamp and server time cannot differ by more than five minutes.',
    when: 'X-TC-Timestamp (or Timestamp) is outside the allowed window around server time; or a recording URL has expired (HTTP 403).',
  },
  'AuthFailure.SignatureFailure': {
    source: 'common',
    message: 'Invalid signature. Signature calculation error.',
    when: 'The signature does not match what the server computes with the SecretKey; or a recording URL has a missing or wrong signature (HTTP 403).',
  },
  'AuthFailure.TokenFailure': {
    source: 'common',
    message: 'Token error.',
    when: 'X-TC-Token (temporary credentials) is sent; openccc issues no temporary credentials.',
  },
  InvalidAction: {
    source: 'common',
    message: 'The API does not exist.',
    when: 'X-TC-Action (or Action) names no action openccc implements.',
  },
  NoSuchVersion: { source: 'common', message: 'The API version does not exist.', when: 'The version is not 2020-02-10.' },
  InvalidParameter: {
    source: 'common',
    message: 'Incorrect parameter.',
    when: 'A parameter has the wrong type, or the body is not valid JSON.',
  },
  InvalidParameterValue: {
    source: 'CreateIVRSession',
    message: 'Parameter value is invalid.',
    when: 'A parameter has the right type but a value that is not allowed (unknown IVRId, undialable Callee, oversize Variables/UUI, paging out of range).',
  },
  MissingParameter: {
    source: 'common',
    message: 'A required parameter is missing.',
    when: 'A required parameter or common header is absent.',
  },
  UnknownParameter: {
    source: 'common',
    message: 'Unknown parameter.',
    when: 'The request carries a parameter the action does not define.',
  },
  UnsupportedProtocol: {
    source: 'common',
    message: 'HTTP(S) request protocol error; only GET and POST requests are supported.',
    when: 'A method other than GET or POST reaches the API endpoint.',
  },
  UnsupportedOperation: {
    source: 'common',
    message: 'Unsupported operation.',
    when: 'The request is well formed but not supported (e.g. an unsupported Content-Type or signature method).',
  },
  RequestLimitExceeded: {
    source: 'common',
    message: 'The number of requests exceeds the frequency limit.',
    when: 'More requests per second for one account and action than the configured limit.',
  },
  RequestSizeLimitExceeded: {
    source: 'common',
    message: 'The request size exceeds the upper limit.',
    when: 'The body is larger than the configured cap (10 MB by default).',
  },
  ResourceNotFound: {
    source: 'common',
    message: 'The resource does not exist.',
    when: 'DescribeTelSession or HangUpCall names a SessionId that the app does not have; or a validly signed recording URL names a recording that no longer exists (HTTP 404).',
  },
  InternalError: {
    source: 'CreateIVRSession',
    message: 'An internal error occurs.',
    when: 'An unexpected failure on the server; details are in the server log under the RequestId.',
  },
  FailedOperation: { source: 'common', message: 'Operation failed.', when: 'HangUpCall on a session that has already ended.' },
  // Business errors of CreateIVRSession (the seed's action page).
  'FailedOperation.CallOutFailed': {
    source: 'CreateIVRSession',
    message: 'Outbound call failure.',
    when: 'The carrier cannot place a call at all (at capacity, shutting down).',
  },
  'FailedOperation.CalleeIsBlackUser': {
    source: 'CreateIVRSession',
    message: 'High-risk users, do not call.',
    when: 'The callee is on the app blacklist.',
  },
  'FailedOperation.CallerOverFrequency': {
    source: 'CreateIVRSession',
    message: 'Outbound over-frequency caller number.',
    when: 'The chosen caller number exceeded its call frequency limit.',
  },
  'FailedOperation.CalloutRuleBlindArea': {
    source: 'CreateIVRSession',
    message: 'Trigger Default Outbound Rule, Call Blind Spot.',
    when: 'The callee is in a blind area of the outbound rules.',
  },
  'FailedOperation.CalloutRuleMaxCallCountCalleeIntervalTime': {
    source: 'CreateIVRSession',
    message: 'Trigger Default Outbound Rule, Call Volume for Called Party within a Period.',
    when: 'The callee has had too many calls within the configured interval.',
  },
  'FailedOperation.CalloutRuleMaxCallCountCalleePerDayAppID': {
    source: 'CreateIVRSession',
    message: 'Trigger Default Outbound Rule, Daily Maximum Calls for Called Party.',
    when: 'The callee has had the maximum number of calls for the day.',
  },
  'FailedOperation.CalloutRuleNotWorkTime': {
    source: 'CreateIVRSession',
    message: 'Trigger Default Outbound Rule, Not in Outbound Time.',
    when: 'Now is outside the app outbound working hours.',
  },
  'FailedOperation.NoCallOutNumber': {
    source: 'CreateIVRSession',
    message: 'No available outbound call numbers.',
    when: 'None of Callers is a usable call-out number of the app, or the app has none.',
  },
  'FailedOperation.PermissionDenied': {
    source: 'CreateIVRSession',
    message: 'Insufficient permissions.',
    when: 'The app is not Advanced edition, or the credential is not allowed to use the app.',
  },
  'InvalidParameterValue.InstanceNotExist': {
    source: 'CreateIVRSession',
    message: 'The instance does not exist.',
    when: 'SdkAppId names no configured app.',
  },
  'LimitExceeded.BasePackageExpired': {
    source: 'CreateIVRSession',
    message: 'Package quota exhausted.',
    when: 'The app package expiry date has passed.',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

/** An API error: rendered by the gateway as HTTP 200 with Response.Error {Code, Message}. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message?: string) {
    super(message ?? ERRORS[code].message);
    this.name = 'ApiError';
    this.code = code;
  }
}

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code);
}

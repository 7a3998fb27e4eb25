import { denied, type AuthResult } from './request-view.ts';

/**
 * The shared timestamp rule of both signature versions: a decimal count of seconds, within
 * `windowSec` of server time in either direction (Tencent Cloud: five minutes).
 * Returns the seconds, or the error to answer with.
 */
export function checkTimestamp(raw: string | undefined, name: string, nowSec: number, windowSec: number): number | AuthResult {
  if (raw === undefined || raw === '') return denied('MissingParameter', `The request is missing a required parameter \`${name}\`.`);
  if (!/^\d{1,16}$/.test(raw)) return denied('InvalidParameter', `The parameter \`${name}\` must be a Unix time in seconds.`);
  const ts = Number(raw);
  if (Math.abs(nowSec - ts) > windowSec) {
    return denied(
      'AuthFailure.SignatureExpire',
      `Signature expired: ${name} ${ts} differs from server time ${nowSec} by more than ${windowSec} seconds.`,
    );
  }
  return ts;
}

// How a SIP line's failure before answer becomes a CDR EndStatus: the one table (issue 14 item 2).
// docs/sip.md prints the same rows; test/telephony/sip/carrier/end-status-map.test.ts checks each.
import { EndStatus, type EndStatusName } from '../../../domain/end-status.ts';
import type { LineFailure } from '../../carrier.ts';
import { parseParams, splitList } from '../message/index.ts';

/**
 * How an outbound leg ended before answer, in the line's own terms.
 * - `final`: the trunk answered the INVITE with a final non-2xx response.
 * - `ringTimeout`: openccc gave up ringing (MaxRingTimeoutSecond / maxRingSeconds) and sent CANCEL.
 * - `callerCancel`: the app hung up before answer (HangUpCall), openccc sent CANCEL.
 * - `transportError`: the trunk could not be reached: ICMP/TCP errors, or Timer B with no response
 *   at all (RFC 3261 §8.1.3.1 calls that a 408, but nobody answered, so it is the line, not the callee).
 * - `noMedia`: no common codec, RTP ports exhausted: the call could not be placed on our side.
 */
export type LineEnd =
  | { kind: 'final'; sipStatus: number; reasonPhrase: string; reasonHeaders: readonly string[] }
  | { kind: 'ringTimeout' }
  | { kind: 'callerCancel' }
  | { kind: 'transportError'; message: string }
  | { kind: 'noMedia'; message: string };

/**
 * Rows of a trunk's own that win over the table (carriers differ). `sip` keys are a status
 * ("480") or a class ("4xx"); `q850` keys a cause ("17"). A Q.850 override beats a SIP override,
 * and both beat every table row. Values are EndStatus names as domain/end-status.ts spells them.
 */
export type EndStatusOverrides = { sip?: Record<string, EndStatusName>; q850?: Record<string, EndStatusName> };

/** Final SIP statuses (RFC 3261 §21 and later RFCs) that say something about the callee. */
export const SIP_STATUS_ROWS: ReadonlyMap<number, EndStatusName> = new Map<number, EndStatusName>([
  [402, 'outOfCredit'], // Payment Required
  [403, 'userReject'], // Forbidden: trunks send it for a refused callee
  [404, 'numberNotExist'], // Not Found
  [408, 'notAnswer'], // Request Timeout sent by the far end (a Timer B timeout is transportError)
  [410, 'numberNotExist'], // Gone
  [433, 'callRestricted'], // Anonymity Disallowed (RFC 5079)
  [480, 'notAnswer'], // Temporarily Unavailable
  [484, 'numberNotExist'], // Address Incomplete
  [485, 'numberInvalid'], // Ambiguous
  [486, 'busy'], // Busy Here
  [600, 'busy'], // Busy Everywhere
  [603, 'userReject'], // Decline
  [604, 'numberNotExist'], // Does Not Exist Anywhere
  [606, 'operatorError'], // Not Acceptable: no media both ends support, not the callee's choice
  [607, 'userReject'], // Unwanted (RFC 8197): the callee marked the call unwanted
  [608, 'carrierBlocked'], // Rejected by an intermediary, e.g. call analytics (RFC 8688)
]);

/**
 * Every other status by class: 3xx (a redirect not followed), 4xx (the trunk refused the request
 * itself: auth, format, codec 488, loops) and 5xx are the line's failure; a 6xx is a definitive
 * answer about the callee, so an unlisted one counts as a refusal. Anything outside 300..699 is
 * not a failure at all, so it is the line misbehaving.
 */
function sipClassRow(status: number): EndStatusName {
  return status >= 600 && status <= 699 ? 'userReject' : 'operatorError';
}

/**
 * Q.850 causes (ITU-T Q.850 §2.2.7, carried in `Reason: Q.850;cause=N`, RFC 3326) that refine the
 * SIP status. `keep` = the cause says nothing about why the call failed (16 normal clearing,
 * 31 normal unspecified, 127 interworking: what a gateway writes when it had no better cause), so
 * the SIP status decides. A cause not listed also keeps the SIP status.
 */
export const Q850_CAUSE_ROWS: ReadonlyMap<number, EndStatusName | 'keep'> = new Map<number, EndStatusName | 'keep'>([
  [1, 'numberNotExist'], // unallocated (unassigned) number
  [2, 'operatorError'], // no route to specified transit network
  [3, 'numberNotExist'], // no route to destination (RFC 3398 maps it to 404)
  [4, 'operatorError'], // send special information tone
  [5, 'numberInvalid'], // misdialled trunk prefix
  [6, 'operatorError'], // channel unacceptable
  [8, 'operatorError'], // preemption
  [16, 'keep'], // normal call clearing
  [17, 'busy'], // user busy
  [18, 'notAnswer'], // no user responding
  [19, 'notAnswer'], // no answer from user (user alerted)
  [20, 'powerOff'], // subscriber absent (handset off or unreachable)
  [21, 'userReject'], // call rejected
  [22, 'numberNotExist'], // number changed
  [25, 'operatorError'], // exchange routing error
  [27, 'notInService'], // destination out of order
  [28, 'numberInvalid'], // invalid number format (address incomplete)
  [29, 'operatorError'], // facility rejected
  [31, 'keep'], // normal, unspecified
  [34, 'operatorError'], // no circuit/channel available
  [38, 'operatorError'], // network out of order
  [41, 'operatorError'], // temporary failure
  [42, 'operatorError'], // switching equipment congestion
  [43, 'operatorError'], // access information discarded
  [44, 'operatorError'], // requested circuit/channel not available
  [47, 'operatorError'], // resource unavailable, unspecified
  [50, 'callRestricted'], // requested facility not subscribed
  [55, 'calleeRestricted'], // incoming calls barred within CUG
  [57, 'callRestricted'], // bearer capability not authorized
  [58, 'operatorError'], // bearer capability not presently available
  [63, 'operatorError'], // service or option not available, unspecified
  [65, 'operatorError'], // bearer capability not implemented
  [79, 'operatorError'], // service or option not implemented, unspecified
  [87, 'calleeRestricted'], // user not member of CUG
  [88, 'operatorError'], // incompatible destination
  [102, 'operatorError'], // recovery on timer expiry
  [111, 'operatorError'], // protocol error, unspecified
  [127, 'keep'], // interworking, unspecified
]);

/**
 * The Q.850 cause of the first `Q.850` reason in `Reason` header values (RFC 3326 §2: a header
 * may carry several comma-separated reasons, one per protocol, e.g. `SIP;cause=480, Q.850;cause=18`).
 * Undefined when there is none or its cause is not a Q.850 value (1..127). Never throws.
 */
export function parseQ850Cause(reasonHeaders: readonly string[]): number | undefined {
  for (const header of reasonHeaders) {
    for (const reason of splitList(header)) {
      let end = 0;
      while (end < reason.length && reason[end] !== ';' && reason[end] !== ' ' && reason[end] !== '\t') end++;
      if (reason.slice(0, end).toUpperCase() !== 'Q.850') continue;
      const params = parseParams(reason, end);
      if (!params.ok) continue;
      const cause = params.value.params.get('cause');
      if (cause && /^[0-9]{1,3}$/.test(cause) && Number(cause) >= 1 && Number(cause) <= 127) return Number(cause);
    }
  }
  return undefined;
}

function overrideFor(table: Record<string, EndStatusName> | undefined, ...keys: string[]): EndStatusName | undefined {
  if (!table) return undefined;
  for (const k of keys) if (Object.hasOwn(table, k) && Object.hasOwn(EndStatus, table[k]!)) return table[k];
  return undefined;
}

/** The LineFailure (EndStatus, SIP status, Q.850 cause, reason) for how a line ended. Never throws. */
export function lineFailureFor(line: LineEnd, overrides?: EndStatusOverrides): LineFailure {
  switch (line.kind) {
    case 'ringTimeout':
      return { endStatus: EndStatus.notAnswer, reason: 'no answer before the ring timeout (CANCEL sent)' };
    case 'callerCancel':
      return { endStatus: EndStatus.callerCancel, reason: 'hung up by the app before answer (CANCEL sent)' };
    case 'transportError':
      return { endStatus: EndStatus.operatorError, reason: `trunk unreachable: ${line.message}` };
    case 'noMedia':
      return { endStatus: EndStatus.operatorError, reason: `no media: ${line.message}` };
    case 'final':
      return finalFailure(line, overrides);
  }
}

function finalFailure(line: Extract<LineEnd, { kind: 'final' }>, overrides: EndStatusOverrides | undefined): LineFailure {
  const status = line.sipStatus;
  const cause = parseQ850Cause(line.reasonHeaders);
  const validStatus = Number.isInteger(status) && status >= 100 && status <= 699;
  const sipKeys = validStatus ? [String(status), `${Math.floor(status / 100)}xx`] : [];
  const tableRow = validStatus ? (SIP_STATUS_ROWS.get(status) ?? sipClassRow(status)) : 'operatorError';
  const causeRow = cause === undefined ? undefined : Q850_CAUSE_ROWS.get(cause);
  const name =
    (cause === undefined ? undefined : overrideFor(overrides?.q850, String(cause))) ??
    overrideFor(overrides?.sip, ...sipKeys) ??
    (causeRow !== undefined && causeRow !== 'keep' ? causeRow : tableRow);
  // Bounded: the phrase is the peer's text and ends up in storage and events.
  const phrase = line.reasonPhrase.trim().slice(0, 120);
  const reason = `${validStatus ? status : 'invalid status'}${phrase ? ' ' + phrase : ''}${cause === undefined ? '' : ` (Q.850 cause ${cause})`}`;
  const out: LineFailure = { endStatus: EndStatus[name], reason };
  if (validStatus) out.sipStatus = status;
  if (cause !== undefined) out.q850Cause = cause;
  return out;
}

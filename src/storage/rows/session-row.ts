import type { HungUpSide, KeyPress, LineOutcome, SessionRecord, SessionStatus } from '../../domain/session.ts';
import type { EndStatusCode } from '../../domain/end-status.ts';
import type { CdrsTable, SessionsTable } from '../database.ts';

/** Row <-> record for `sessions`; `cdrs` has the same shape and uses the same mapping. */

export type SessionRow = CdrsTable;

/** A session row as written: the record plus its owner (see SessionOwner). */
export type OwnedSessionRow = SessionsTable;

/** Every column but the key: what an upsert overwrites. */
export const SESSION_VALUE_COLUMNS = [
  'sdk_app_id',
  'ivr_id',
  'callee',
  'callee_e164',
  'caller',
  'direction',
  'status',
  'uui',
  'variables',
  'started_at',
  'ring_at',
  'accept_at',
  'ended_at',
  'ivr_ended_at',
  'end_status',
  'hung_up_side',
  'key_presses',
  'request_id',
  'line_outcome',
] as const satisfies readonly (keyof SessionRow)[];

export const SESSION_COLUMNS = ['session_id', ...SESSION_VALUE_COLUMNS] as const;

export const OWNED_SESSION_COLUMNS = [
  ...SESSION_COLUMNS,
  'owner_node',
  'owner_incarnation',
] as const satisfies readonly (keyof OwnedSessionRow)[];

export function toSessionRow(s: SessionRecord): SessionRow {
  return {
    session_id: s.sessionId,
    sdk_app_id: s.sdkAppId,
    ivr_id: s.ivrId,
    callee: s.callee,
    callee_e164: s.calleeE164,
    caller: s.caller,
    direction: s.direction,
    status: s.status,
    uui: s.uui,
    variables: JSON.stringify(s.variables),
    started_at: s.startedAt,
    ring_at: s.ringAt,
    accept_at: s.acceptAt,
    ended_at: s.endedAt,
    ivr_ended_at: s.ivrEndedAt,
    end_status: s.endStatus,
    hung_up_side: s.hungUpSide,
    key_presses: JSON.stringify(s.keyPresses),
    request_id: s.requestId,
    line_outcome: s.lineOutcome === null ? null : JSON.stringify(s.lineOutcome),
  };
}

export function fromSessionRow(r: SessionRow): SessionRecord {
  return {
    sessionId: r.session_id,
    sdkAppId: r.sdk_app_id,
    ivrId: r.ivr_id,
    callee: r.callee,
    calleeE164: r.callee_e164,
    caller: r.caller,
    direction: r.direction === 0 ? 0 : 1,
    status: r.status as SessionStatus,
    uui: r.uui,
    variables: JSON.parse(r.variables) as Record<string, string>,
    startedAt: r.started_at,
    ringAt: r.ring_at,
    acceptAt: r.accept_at,
    endedAt: r.ended_at,
    ivrEndedAt: r.ivr_ended_at,
    endStatus: r.end_status as EndStatusCode | null,
    hungUpSide: r.hung_up_side as HungUpSide | null,
    keyPresses: JSON.parse(r.key_presses) as KeyPress[],
    lineOutcome: r.line_outcome === null ? null : (JSON.parse(r.line_outcome) as LineOutcome),
    requestId: r.request_id,
  };
}

import type { EndStatusCode } from './end-status.ts';

/** Who hung up, in TelCdrInfo.HungUpSide terms. */
export type HungUpSide = 'user' | 'system' | 'seat';

/** PSTNSession.SessionStatus values; `dialing` is ours for the instant before the first ring. */
export type SessionStatus = 'dialing' | 'ringing' | 'inProgress' | 'finished';

/** One key press in the IVR, as TelCdrInfo.IVRKeyPressedEx reports it. */
export interface KeyPress {
  key: string;
  label?: string;
  nodeLabel?: string;
  timestampMs: number;
  originalContent?: string;
  ttsPrompt?: string;
}

/**
 * What the line said about how the call ended, kept with the session even where TCCC's CDR has
 * no field for it (the SIP final status, a Q.850 cause from a Reason header, the reason text).
 */
export interface LineOutcome {
  reason: string;
  sipStatus?: number;
  q850Cause?: number;
}

/** The durable record of one call (a CreateIVRSession call-out, or an inbound call), from admission to CDR. */
export interface SessionRecord {
  sessionId: string;
  sdkAppId: number;
  ivrId: number;
  /** Callee as the request gave it (e.g. "008613...") and in E.164 for matching and dialing; inbound: our number. */
  callee: string;
  calleeE164: string;
  /** Outbound: our caller ID; inbound: the remote number as presented. */
  caller: string;
  /** TelCdrInfo.Direction: 0 inbound, 1 outbound. */
  direction: 0 | 1;
  status: SessionStatus;
  uui: string;
  variables: Record<string, string>;
  /** Unix milliseconds; null until the event happens. */
  startedAt: number;
  ringAt: number | null;
  acceptAt: number | null;
  endedAt: number | null;
  ivrEndedAt: number | null;
  endStatus: EndStatusCode | null;
  hungUpSide: HungUpSide | null;
  keyPresses: KeyPress[];
  /** The line's own account of the end; null until the line says something. */
  lineOutcome: LineOutcome | null;
  /** The API request that created it; "" for an inbound call. */
  requestId: string;
}

export type NewSession = Pick<
  SessionRecord,
  'sessionId' | 'sdkAppId' | 'ivrId' | 'callee' | 'calleeE164' | 'caller' | 'uui' | 'variables' | 'startedAt' | 'requestId'
> & { direction?: 0 | 1 };

/**
 * A session as admitted: an outbound call is dialing; an inbound call is ringing (offered) from
 * the moment it arrives. A plain literal: spreading `init` cost ~100x more per call.
 */
export function newSessionRecord(init: NewSession): SessionRecord {
  const inbound = init.direction === 0;
  return {
    sessionId: init.sessionId,
    sdkAppId: init.sdkAppId,
    ivrId: init.ivrId,
    callee: init.callee,
    calleeE164: init.calleeE164,
    caller: init.caller,
    direction: inbound ? 0 : 1,
    status: inbound ? 'ringing' : 'dialing',
    uui: init.uui,
    variables: init.variables,
    startedAt: init.startedAt,
    ringAt: inbound ? init.startedAt : null,
    acceptAt: null,
    endedAt: null,
    ivrEndedAt: null,
    endStatus: null,
    hungUpSide: null,
    keyPresses: [],
    lineOutcome: null,
    requestId: init.requestId,
  };
}

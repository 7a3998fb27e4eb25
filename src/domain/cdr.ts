import { endStatusString } from './end-status.ts';
import type { SessionRecord } from './session.ts';

const sec = (ms: number | null): number => (ms === null ? 0 : Math.floor(ms / 1000));

/** The call's recording as a CDR links it: the URL is signed and minted when the CDR is read. */
export interface CdrRecordingLink {
  recordId: string;
  recordUrl: string;
}

/** What a CDR shows that the session record does not hold; the app looks it up. */
export interface CdrExtras {
  /** CallerLocation: where the Caller number is attributed ("" when unknown). */
  callerLocation?: string;
  /** The call's recording: the URL is signed and minted when the CDR is read. */
  recording?: CdrRecordingLink;
}

/**
 * TelCdrInfo (ccc_models.d.ts) for a finished session; fields openccc has no notion of yet are
 * omitted. The times follow TCCC's definitions (../shared/research/tccc-data-push.md §1.1):
 * - StartTimestamp (and Time), RingTimestamp, AcceptTimestamp, EndedTimestamp: Unix seconds
 *   (floored), 0 when it did not happen;
 * - Duration = EndedTimestamp - AcceptTimestamp, 0 when never answered;
 * - IVRDuration: the seconds in the IVR, from when it started to when it left the call (TCCC:
 *   QueuedTimestamp - StartTimestamp). Inbound calls enter the IVR on arrival (StartTimestamp);
 *   outbound ones when the callee answers (AcceptTimestamp). 0 when the IVR never ran.
 */
export function buildTelCdr(s: SessionRecord, extras: CdrExtras = {}) {
  const start = sec(s.startedAt);
  const accept = sec(s.acceptAt);
  const ended = s.endedAt === null ? start : sec(s.endedAt);
  const duration = s.acceptAt !== null ? Math.max(0, ended - accept) : 0;
  const ivrStart = s.direction === 0 ? start : accept;
  const ivrEnd = s.ivrEndedAt === null ? ended : sec(s.ivrEndedAt);
  const ivrDuration = s.acceptAt !== null ? Math.max(0, ivrEnd - ivrStart) : 0;
  const keys = s.keyPresses.map((k) => ({
    Key: k.key,
    Label: k.label ?? '',
    Timestamp: k.timestampMs,
    NodeLabel: k.nodeLabel ?? '',
    OriginalContent: k.originalContent ?? k.key,
    TTSPrompt: k.ttsPrompt ?? '',
  }));
  return {
    SessionId: s.sessionId,
    Caller: s.caller,
    Callee: s.callee,
    Time: start,
    Direction: s.direction,
    CallType: 1,
    Duration: duration,
    RecordURL: extras.recording?.recordUrl ?? '',
    RecordId: extras.recording?.recordId ?? '',
    EndStatus: s.endStatus ?? 0,
    EndStatusString: s.endStatus === null ? '' : endStatusString(s.endStatus),
    SkillGroup: '',
    CallerLocation: extras.callerLocation ?? '',
    IVRDuration: ivrDuration,
    RingTimestamp: sec(s.ringAt),
    AcceptTimestamp: accept,
    EndedTimestamp: sec(s.endedAt),
    IVRKeyPressed: keys.map((k) => k.Key),
    IVRKeyPressedEx: keys,
    // Deprecated in the SDK: keys pressed in a post-call IVR (satisfaction survey); openccc runs none.
    PostIVRKeyPressed: [],
    HungUpSide: s.hungUpSide ?? '',
    ServeParticipants: [],
    StartTimestamp: start,
    UUI: s.uui,
    Uui: s.uui,
  };
}

export type TelCdr = ReturnType<typeof buildTelCdr>;

/** PSTNSession (DescribeTelSession) for a session in any state. */
export function buildPstnSession(s: SessionRecord) {
  return {
    SessionID: s.sessionId,
    RoomID: '',
    Caller: s.caller,
    Callee: s.callee,
    StartTimestamp: sec(s.startedAt),
    RingTimestamp: sec(s.ringAt),
    AcceptTimestamp: sec(s.acceptAt),
    StaffEmail: '',
    StaffNumber: '',
    // 'dialing' is ours; TCCC knows the call as ringing until it is answered.
    SessionStatus: s.status === 'dialing' ? 'ringing' : s.status,
    Direction: s.direction,
    OutBoundCaller: '',
    OutBoundCallee: '',
    ProtectedCaller: '',
    ProtectedCallee: '',
  };
}

/** PSTNSessionInfo (DescribePSTNActiveSessionList): note the SDK types the timestamps as strings here. */
export function buildPstnSessionInfo(s: SessionRecord) {
  const p = buildPstnSession(s);
  return {
    SessionID: p.SessionID,
    RoomID: p.RoomID,
    Caller: p.Caller,
    Callee: p.Callee,
    StartTimestamp: String(p.StartTimestamp),
    AcceptTimestamp: String(p.AcceptTimestamp),
    StaffEmail: '',
    StaffNumber: '',
    SessionStatus: p.SessionStatus,
    Direction: p.Direction,
    RingTimestamp: p.RingTimestamp,
    ProtectedCaller: '',
    ProtectedCallee: '',
  };
}

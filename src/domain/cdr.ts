import { endStatusString } from './end-status.ts';
import type { SessionRecord } from './session.ts';

const sec = (ms: number | null): number => (ms === null ? 0 : Math.floor(ms / 1000));

/** TelCdrInfo (ccc_models.d.ts) for a finished session; fields openccc has no notion of yet are omitted. */
export function buildTelCdr(s: SessionRecord) {
  const ended = s.endedAt ?? s.startedAt;
  const duration = s.acceptAt !== null ? Math.max(0, Math.round((ended - s.acceptAt) / 1000)) : 0;
  const ivrEnd = s.ivrEndedAt ?? ended;
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
    Time: sec(s.startedAt),
    Direction: s.direction,
    CallType: 1,
    Duration: duration,
    RecordURL: '',
    RecordId: '',
    EndStatus: s.endStatus ?? 0,
    EndStatusString: s.endStatus === null ? '' : endStatusString(s.endStatus),
    SkillGroup: '',
    CallerLocation: '',
    IVRDuration: s.acceptAt !== null ? Math.max(0, Math.round((ivrEnd - s.acceptAt) / 1000)) : 0,
    RingTimestamp: sec(s.ringAt),
    AcceptTimestamp: sec(s.acceptAt),
    EndedTimestamp: sec(s.endedAt),
    IVRKeyPressed: keys.map((k) => k.Key),
    IVRKeyPressedEx: keys,
    // Deprecated in the SDK: keys pressed in a post-call IVR (satisfaction survey); openccc runs none.
    PostIVRKeyPressed: [],
    HungUpSide: s.hungUpSide ?? '',
    ServeParticipants: [],
    StartTimestamp: sec(s.startedAt),
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

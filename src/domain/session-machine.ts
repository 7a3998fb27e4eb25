import { EndStatus, type EndStatusCode } from './end-status.ts';
import type { HungUpSide, KeyPress, SessionRecord } from './session.ts';

/** What the line, the IVR or the API reports about a session. `at` is Unix ms from the injected clock. */
export type SessionEvent =
  | { type: 'ringing'; at: number }
  | { type: 'answered'; at: number }
  /** The line failed before answer: busy, no answer, power off ... */
  | { type: 'lineFailed'; at: number; endStatus: EndStatusCode }
  | { type: 'keyPressed'; press: KeyPress }
  /** The IVR flow ran to a hangup node. */
  | { type: 'ivrCompleted'; at: number }
  /** The callee put the phone down. */
  | { type: 'remoteHangup'; at: number }
  /** HangUpCall, or the server shutting down. */
  | { type: 'hangupRequested'; at: number; reason: 'api' | 'shutdown' };

/** What the app layer must do after a step; the machine performs none of it. */
export type SessionCommand = { type: 'startIvr' } | { type: 'stopIvr' } | { type: 'hangupLine' } | { type: 'finalize' };

export interface SessionStep {
  session: SessionRecord;
  commands: SessionCommand[];
  /** False when the event did not apply (e.g. a late event after the session ended). */
  changed: boolean;
}

function finish(s: SessionRecord, at: number, endStatus: EndStatusCode, side: HungUpSide): SessionRecord {
  return {
    ...s,
    status: 'finished',
    endedAt: at,
    ivrEndedAt: s.acceptAt !== null ? (s.ivrEndedAt ?? at) : null,
    endStatus,
    hungUpSide: side,
  };
}

/**
 * The session lifecycle as a pure step: dialing -> ringing -> inProgress -> finished.
 * Any event after `finished` is ignored, which makes every end path (BYE, cancel, API, shutdown) safe to race.
 */
export function stepSession(s: SessionRecord, ev: SessionEvent): SessionStep {
  const same: SessionStep = { session: s, commands: [], changed: false };
  if (s.status === 'finished') return same;
  switch (ev.type) {
    case 'ringing':
      if (s.status !== 'dialing') return same;
      return { session: { ...s, status: 'ringing', ringAt: ev.at }, commands: [], changed: true };
    case 'answered':
      if (s.status === 'inProgress') return same;
      return {
        session: { ...s, status: 'inProgress', ringAt: s.ringAt ?? ev.at, acceptAt: ev.at },
        commands: [{ type: 'startIvr' }],
        changed: true,
      };
    case 'lineFailed':
      if (s.status === 'inProgress') return same;
      return { session: finish(s, ev.at, ev.endStatus, 'user'), commands: [{ type: 'finalize' }], changed: true };
    case 'keyPressed':
      if (s.status !== 'inProgress') return same;
      return { session: { ...s, keyPresses: [...s.keyPresses, ev.press] }, commands: [], changed: true };
    case 'ivrCompleted':
      if (s.status !== 'inProgress') return same;
      return {
        session: finish({ ...s, ivrEndedAt: ev.at }, ev.at, EndStatus.ivrEnd, 'system'),
        commands: [{ type: 'hangupLine' }, { type: 'finalize' }],
        changed: true,
      };
    case 'remoteHangup':
      if (s.status === 'inProgress') {
        return {
          session: finish(s, ev.at, EndStatus.ivrGiveUp, 'user'),
          commands: [{ type: 'stopIvr' }, { type: 'finalize' }],
          changed: true,
        };
      }
      // A hangup before answer is the callee rejecting the call.
      return { session: finish(s, ev.at, EndStatus.userReject, 'user'), commands: [{ type: 'finalize' }], changed: true };
    case 'hangupRequested': {
      const answered = s.status === 'inProgress';
      const status: EndStatusCode =
        ev.reason === 'shutdown'
          ? EndStatus.operatorError
          : answered
            ? EndStatus.ok
            : s.status === 'ringing'
              ? EndStatus.callerCancelWhileRing
              : EndStatus.callerCancel;
      const commands: SessionCommand[] = answered
        ? [{ type: 'stopIvr' }, { type: 'hangupLine' }, { type: 'finalize' }]
        : [{ type: 'hangupLine' }, { type: 'finalize' }];
      return { session: finish(s, ev.at, status, 'system'), commands, changed: true };
    }
  }
}

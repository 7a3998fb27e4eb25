import { EndStatus, type EndStatusCode } from './end-status.ts';
import type { StateEventType } from './lifecycle-event.ts';
import type { HungUpSide, KeyPress, LineOutcome, SessionRecord } from './session.ts';

/** What the line, the IVR or the API reports about a session. `at` is Unix ms from the injected clock. */
export type SessionEvent =
  /** An inbound call was admitted; it is ringing and waits to be answered. */
  | { type: 'offered'; at: number }
  | { type: 'ringing'; at: number }
  | { type: 'answered'; at: number }
  /** The line failed before answer: busy, no answer, power off ... */
  | { type: 'lineFailed'; at: number; endStatus: EndStatusCode; line?: LineOutcome }
  | { type: 'keyPressed'; press: KeyPress }
  /** The IVR flow ran to a hangup node. */
  | { type: 'ivrCompleted'; at: number }
  /** The far end put the phone down. */
  | { type: 'remoteHangup'; at: number; line?: LineOutcome }
  /** A blind transfer completed: the call left openccc for its target. */
  | { type: 'transferred'; at: number; line?: LineOutcome }
  /** HangUpCall, or the server shutting down. */
  | { type: 'hangupRequested'; at: number; reason: 'api' | 'shutdown' };

/** What the app layer must do after a step; the machine performs none of it. */
export type SessionCommand =
  | { type: 'answerLine' }
  /** The call is up: record it, when its IVR says so (the app knows the IVR's config). */
  | { type: 'startRecording' }
  | { type: 'startIvr' }
  | { type: 'stopIvr' }
  | { type: 'hangupLine' }
  | { type: 'finalize' };

export interface SessionStep {
  session: SessionRecord;
  commands: SessionCommand[];
  /** The lifecycle events this change produces, to be written with it. */
  events: StateEventType[];
  /** False when the event did not apply (e.g. a late event after the session ended). */
  changed: boolean;
}

function finish(s: SessionRecord, at: number, endStatus: EndStatusCode, side: HungUpSide, line?: LineOutcome): SessionRecord {
  return {
    ...s,
    status: 'finished',
    endedAt: at,
    ivrEndedAt: s.acceptAt !== null ? (s.ivrEndedAt ?? at) : null,
    endStatus,
    hungUpSide: side,
    lineOutcome: line ?? s.lineOutcome,
  };
}

const ENDED: StateEventType[] = ['session.ended'];
const step = (session: SessionRecord, commands: SessionCommand[], events: StateEventType[]): SessionStep => ({
  session,
  commands,
  events,
  changed: true,
});

/**
 * The session lifecycle as a pure step: dialing -> ringing -> inProgress -> finished (an inbound
 * call starts at ringing). Any event after `finished` is ignored, which makes every end path
 * (BYE, cancel, API, shutdown) safe to race.
 */
export function stepSession(s: SessionRecord, ev: SessionEvent): SessionStep {
  const same: SessionStep = { session: s, commands: [], events: [], changed: false };
  if (s.status === 'finished') return same;
  switch (ev.type) {
    case 'offered':
      if (s.direction !== 0 || s.status !== 'ringing') return same;
      return step(s, [{ type: 'answerLine' }], []);
    case 'ringing':
      if (s.status !== 'dialing') return same;
      return step({ ...s, status: 'ringing', ringAt: ev.at }, [], ['session.ringing']);
    case 'answered':
      if (s.status === 'inProgress') return same;
      return step(
        { ...s, status: 'inProgress', ringAt: s.ringAt ?? ev.at, acceptAt: ev.at },
        [{ type: 'startRecording' }, { type: 'startIvr' }],
        ['session.answered'],
      );
    case 'lineFailed':
      if (s.status === 'inProgress') return same;
      return step(finish(s, ev.at, ev.endStatus, 'user', ev.line), [{ type: 'finalize' }], ENDED);
    case 'keyPressed':
      if (s.status !== 'inProgress') return same;
      return step({ ...s, keyPresses: [...s.keyPresses, ev.press] }, [], ['session.keyPressed']);
    case 'ivrCompleted':
      if (s.status !== 'inProgress') return same;
      return step(
        finish({ ...s, ivrEndedAt: ev.at }, ev.at, EndStatus.ivrEnd, 'system'),
        [{ type: 'hangupLine' }, { type: 'finalize' }],
        ENDED,
      );
    case 'remoteHangup':
      if (s.status === 'inProgress') {
        return step(finish(s, ev.at, EndStatus.ivrGiveUp, 'user', ev.line), [{ type: 'stopIvr' }, { type: 'finalize' }], ENDED);
      }
      // A hangup before answer is the callee rejecting the call.
      return step(finish(s, ev.at, EndStatus.userReject, 'user', ev.line), [{ type: 'finalize' }], ENDED);
    case 'transferred':
      if (s.status !== 'inProgress') return same;
      return step(
        finish({ ...s, ivrEndedAt: ev.at }, ev.at, EndStatus.ok, 'system', ev.line),
        [{ type: 'stopIvr' }, { type: 'finalize' }],
        ENDED,
      );
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
      return step(finish(s, ev.at, status, 'system'), commands, ENDED);
    }
  }
}

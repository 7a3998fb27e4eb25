import type { EndStatusCode } from './end-status.ts';
import type { HungUpSide, KeyPress, LineOutcome, SessionRecord } from './session.ts';

/**
 * What happened to a session, as the durable record of it: written in the same transaction as
 * the state change it describes, so a crash never loses or invents one. Ids are stable
 * (`<sessionId>-<seq>`), and `seq` orders the events of one session.
 */
export type LifecycleEventType =
  | 'session.created'
  | 'session.ringing'
  | 'session.answered'
  | 'session.nodeEntered'
  | 'session.keyPressed'
  | 'session.variableSet'
  | 'session.recordingReady'
  | 'session.ended';

/** The events whose data is not read off the session but told by whoever reports them (the IVR, the recorder). */
export type ReportedEventType = 'session.nodeEntered' | 'session.variableSet' | 'session.recordingReady';

/** The events a change of the session's own state produces (the session machine names them). */
export type StateEventType = Exclude<LifecycleEventType, ReportedEventType>;

export type LifecycleEventData = {
  'session.created': { direction: 0 | 1; caller: string; callee: string; ivrId: number };
  'session.ringing': Record<string, never>;
  'session.answered': Record<string, never>;
  /** The IVR flow entered a node: its id and type as the flow file names them, and its label when it has one. */
  'session.nodeEntered': { nodeId: string; nodeType: string; label?: string };
  'session.keyPressed': KeyPress;
  /** A set node stored a variable, or a collect node the digits it gathered; `nodeId` is that node. */
  'session.variableSet': { name: string; value: string; nodeId: string };
  /** The call's recording is stored and can be fetched (the webhook adds a signed link). */
  'session.recordingReady': { recordingId: string; durationMs: number; channels: 1 | 2; createdAtMs: number };
  'session.ended': { endStatus: EndStatusCode; hungUpSide: HungUpSide | null; lineOutcome: LineOutcome | null };
};

export interface LifecycleEvent<T extends LifecycleEventType = LifecycleEventType> {
  id: string;
  sessionId: string;
  seq: number;
  type: T;
  /** Unix ms from the injected clock. */
  occurredAt: number;
  data: LifecycleEventData[T];
}

/** The data an event carries, read off the session just after the change. */
export function lifecycleData<T extends StateEventType>(type: T, s: SessionRecord): LifecycleEventData[T] {
  // A switch, not a table of closures: this runs for every event of every call.
  switch (type) {
    case 'session.created':
      return { direction: s.direction, caller: s.caller, callee: s.callee, ivrId: s.ivrId } as LifecycleEventData[T];
    case 'session.keyPressed':
      return s.keyPresses[s.keyPresses.length - 1]! as LifecycleEventData[T];
    case 'session.ended':
      return { endStatus: s.endStatus!, hungUpSide: s.hungUpSide, lineOutcome: s.lineOutcome } as LifecycleEventData[T];
    default:
      return {} as LifecycleEventData[T];
  }
}

/** Numbers the events of one session in the order they happen. */
export class LifecycleSequence {
  private seq: number;

  /** `after`: how many events the session already has (a recovered session continues its numbering). */
  constructor(
    private readonly sessionId: string,
    after = 0,
  ) {
    this.seq = after;
  }

  next<T extends StateEventType>(type: T, session: SessionRecord, occurredAt: number): LifecycleEvent<T> {
    return this.make(type, occurredAt, lifecycleData(type, session));
  }

  /** An event whose data its reporter gives (an IVR node entered, a variable set, a recording ready). */
  reported<T extends ReportedEventType>(type: T, data: LifecycleEventData[T], occurredAt: number): LifecycleEvent<T> {
    return this.make(type, occurredAt, data);
  }

  private make<T extends LifecycleEventType>(type: T, occurredAt: number, data: LifecycleEventData[T]): LifecycleEvent<T> {
    const seq = ++this.seq;
    return { id: `${this.sessionId}-${seq}`, sessionId: this.sessionId, seq, type, occurredAt, data };
  }
}

import type { Clock } from '../../shared/clock.ts';
import type { OwnedTimers } from '../../shared/owned-timers.ts';
import type { LifecycleEventData, ReportedEventType } from '../../domain/lifecycle-event.ts';
import type { SessionEvent } from '../../domain/session-machine.ts';
import type { SessionRecord } from '../../domain/session.ts';
import type { FlowDefinition } from '../../ivr/flow.ts';
import type { IvrCommand, IvrEvent, IvrState } from '../../ivr/interpreter.ts';
import type { CallLeg } from '../../telephony/carrier.ts';
import type { CallRecorder } from './call-recorder.ts';

/**
 * What one effect may touch of a live call: the narrow face LiveCall shows its effect and
 * line-event tables, so no table entry reaches the writer, the storage or the supervisor.
 */
export interface CallRuntime {
  readonly record: SessionRecord;
  readonly flow: FlowDefinition;
  readonly leg: CallLeg | undefined;
  readonly clock: Clock;
  /** The IVR's timers by the interpreter's id, owned by the call (closed with it). */
  readonly ivrTimers: Map<string, ReturnType<OwnedTimers['after']>>;
  readonly timers: OwnedTimers;
  /** Present when the call's IVR records (`record: true`). */
  readonly recorder: CallRecorder | undefined;
  ivr: IvrState | undefined;
  /** Steps the session machine and runs what it returns. */
  apply(ev: SessionEvent): void;
  /** Records an event the IVR reports (a node entered, a variable set), numbered after the call's others. */
  report<T extends ReportedEventType>(type: T, data: LifecycleEventData[T]): void;
  /** Steps the IVR (while the call is in progress) and runs what it returns. */
  feedIvr(ev: IvrEvent): void;
  runIvr(commands: readonly IvrCommand[]): void;
  /** Writes the CDR and closes the call; the finalize effect calls it once. */
  finalize(): void;
}

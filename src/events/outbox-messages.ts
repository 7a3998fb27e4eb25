import { buildTelCdr, type CdrExtras, type TelCdr } from '../domain/cdr.ts';
import type { LifecycleEvent } from '../domain/lifecycle-event.ts';
import type { OutboxMessage } from '../domain/outbox.ts';
import type { SessionRecord } from '../domain/session.ts';
import type { Endpoint } from './endpoints.ts';
import { cdrPushOf } from './payloads/cdr-push.ts';
import { buildRecordPush, type PushedRecording } from './payloads/record-push.ts';
import { toSessionEvent, type SessionEventExtras } from './session-event.ts';

/** One write of a session's state and the events it produced: what the outbox must owe for it. */
export interface SessionChange {
  /** The session just after the change. */
  session: SessionRecord;
  events: readonly LifecycleEvent[];
  /** With a `session.ended` event: what DescribeTelCdr shows beside the record (caller location, recording link). */
  cdrExtras?: CdrExtras;
  /** With a `session.ended` event: the session's recordings, for `action=record`. */
  recordings?: readonly PushedRecording[];
  /** Mints a recording's signed link (Recordings.urlFor), for `session.recordingReady`. */
  urlFor?: (recordingId: string) => string;
}

/**
 * The outbox messages of one change, for the endpoints of the session's app: every event a
 * webhook subscribes to, and at the end the TCCC `cdr` push, then one `record` push per
 * recording. Ids derive from the event and the endpoint, so building them again (a retried
 * write) gives the same messages. Record pushes take the seqs after the end's, so they follow the CDR.
 */
export function outboxMessages(endpoints: readonly Endpoint[], change: SessionChange): OutboxMessage[] {
  const { session } = change;
  const out: OutboxMessage[] = [];
  let cdr: TelCdr | undefined;
  const cdrOf = () => (cdr ??= buildTelCdr(session, change.cdrExtras));
  // One link per recording, whichever endpoints want it: every webhook gets the same URL.
  const links = new Map<string, string>();
  const extrasOf = (e: LifecycleEvent): SessionEventExtras => {
    if (e.type === 'session.ended') return { cdr: cdrOf() };
    if (e.type !== 'session.recordingReady' || !change.urlFor) return {};
    const id = (e as LifecycleEvent<'session.recordingReady'>).data.recordingId;
    if (!links.has(id)) links.set(id, change.urlFor(id));
    return { recordUrl: links.get(id)! };
  };
  for (const ep of endpoints) {
    if (ep.sdkAppId !== session.sdkAppId) continue;
    for (const e of change.events) {
      const base = { eventId: e.id, sessionId: e.sessionId, endpointId: ep.id, createdAt: e.occurredAt };
      if (ep.kind === 'webhook') {
        if (ep.events && !ep.events.has(e.type)) continue;
        const body = toSessionEvent(e, session.sdkAppId, extrasOf(e));
        out.push({ ...base, id: `${e.id}>${ep.id}`, seq: e.seq, kind: 'webhook', payload: JSON.stringify(body) });
        continue;
      }
      if (e.type !== 'session.ended') continue;
      if (ep.cdr)
        out.push({
          ...base,
          id: `${e.id}>${ep.id}`,
          seq: e.seq,
          kind: 'cdr',
          payload: JSON.stringify(cdrPushOf(session.sdkAppId, cdrOf())),
        });
      if (!ep.record) continue;
      (change.recordings ?? []).forEach((rec, i) =>
        out.push({
          ...base,
          id: `${session.sessionId}-record-${rec.recordId}>${ep.id}`,
          seq: e.seq + 1 + i,
          kind: 'record',
          payload: JSON.stringify(buildRecordPush(session, rec)),
        }),
      );
    }
  }
  return out;
}

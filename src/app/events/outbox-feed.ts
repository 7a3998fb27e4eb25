import type { LifecycleEvent } from '../../domain/lifecycle-event.ts';
import type { OutboxMessage } from '../../domain/outbox.ts';
import type { SessionRecord } from '../../domain/session.ts';
import type { Endpoint } from '../../events/endpoints.ts';
import { outboxMessages } from '../../events/outbox-messages.ts';
import type { HandoffWrite } from '../../events/handoff.ts';
import type { PushedRecording } from '../../events/payloads/record-push.ts';
import type { Storage } from '../../storage/repositories.ts';
import type { CallerLocator } from '../geo/callee-area-resolver.ts';

/** What the ended event's CDR shows beside the record, as DescribeTelCdr shows it. */
export interface CdrLookups {
  storage: Pick<Storage, 'recordings'>;
  /** Mints the signed link a CDR shows (Recordings.urlFor). */
  urlFor: (recordingId: string) => string;
  callerLocator: CallerLocator;
}

/**
 * Which deliveries a change of a session owes (docs/events.md): the app layer asks it for the
 * outbox rows of every write and hands them to storage with the write, so they land in the same
 * transaction. Endpoints are built once per app; a session of an app with none costs nothing
 * (no rows, no lookups). `appended` is told after a write that appended rows (the dispatcher sends them).
 */
export class OutboxFeed {
  private readonly byApp = new Map<number, Endpoint[]>();
  private sink: OutboxSink | undefined;

  constructor(
    readonly endpoints: readonly Endpoint[],
    private readonly lookups?: CdrLookups,
  ) {
    for (const ep of endpoints) this.byApp.set(ep.sdkAppId, [...(this.byApp.get(ep.sdkAppId) ?? []), ep]);
  }

  /** Whether this app has any endpoint. */
  feeds(sdkAppId: number): boolean {
    return this.byApp.has(sdkAppId);
  }

  /** The rows a write of `session` with these events owes (a write that ends the session: endedMessagesOf()). */
  messagesOf(session: SessionRecord, events: readonly LifecycleEvent[]): OutboxMessage[] {
    const endpoints = this.byApp.get(session.sdkAppId);
    if (!endpoints || events.length === 0) return [];
    return this.stamped(session, events, outboxMessages(endpoints, { session, events, urlFor: this.lookups?.urlFor }));
  }

  /**
   * The rows of a write that ends the session: its CDR carries the caller location and the
   * recording link exactly as DescribeTelCdr renders them, and a data push owes one `record` per recording.
   */
  async endedMessagesOf(session: SessionRecord, events: readonly LifecycleEvent[]): Promise<OutboxMessage[]> {
    const endpoints = this.byApp.get(session.sdkAppId);
    if (!endpoints || events.length === 0) return [];
    if (!this.lookups || !events.some((e) => e.type === 'session.ended')) return this.messagesOf(session, events);
    const { storage, urlFor, callerLocator } = this.lookups;
    const [stored] = await Promise.all([storage.recordings.ofSessions([session.sessionId]), callerLocator.ready()]);
    // As Recordings.linksOf: the first one made is the CDR's.
    const recordings: PushedRecording[] = [...stored]
      .sort((a, b) => a.createdAtMs - b.createdAtMs)
      .map((r) => ({ recordId: r.recordingId, recordUrl: urlFor(r.recordingId), createdAtMs: r.createdAtMs }));
    const first = recordings[0];
    const cdrExtras = {
      callerLocation: callerLocator.locate(session.caller),
      ...(first && { recording: { recordId: first.recordId, recordUrl: first.recordUrl } }),
    };
    return this.stamped(session, events, outboxMessages(endpoints, { session, events, cdrExtras, recordings, urlFor }));
  }

  /** One sink (the runtime's dispatcher), once it delivers. */
  deliverTo(sink: OutboxSink): void {
    this.sink = sink;
  }

  /** A write carrying rows is durable: deliver them now rather than at the next poll. */
  appended(messages: readonly OutboxMessage[]): void {
    if (messages.length > 0) this.sink?.appended(messages);
  }

  // The sink may claim some in place, to send them from memory once the write is durable.
  private stamped(session: SessionRecord, events: readonly LifecycleEvent[], messages: OutboxMessage[]): OutboxMessage[] {
    if (this.sink && messages.length > 0) {
      const birth = events.some((e) => e.type === 'session.created');
      const end = events.some((e) => e.type === 'session.ended');
      this.sink.stamp({ sessionId: session.sessionId, birth, end }, messages);
    }
    return messages;
  }
}

/** Where appended rows go (the dispatcher): `stamp` before the write runs, `appended` once it is durable. */
export interface OutboxSink {
  stamp(write: HandoffWrite, messages: readonly OutboxMessage[]): void;
  appended(messages: readonly OutboxMessage[]): void;
}

/** For a world (or a test) without webhooks or data push. */
export const NO_OUTBOX = new OutboxFeed([]);

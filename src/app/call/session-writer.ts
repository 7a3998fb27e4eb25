import type { Logger } from '../../shared/logger.ts';
import type { LifecycleEvent } from '../../domain/lifecycle-event.ts';
import type { SessionRecord } from '../../domain/session.ts';
import type { Storage, StoredCallDialog, WriteOutcome } from '../../storage/repositories.ts';
import { NO_OUTBOX, type OutboxFeed } from '../events/outbox-feed.ts';

/**
 * Serializes one session's writes: the insert lands first, then saves and appends in order, then
 * the final CDR. A burst of changes becomes one write of the latest state, but every event of the
 * burst is appended with it, in the same transaction, and so is every delivery they owe (the
 * outbox feed says which); a burst of events alone (no state change) writes only its events and
 * deliveries. Line events never wait for the database.
 */
export class SessionWriter {
  private chain: Promise<void> = Promise.resolve();
  private pending: SessionRecord | undefined;
  private pendingEvents: LifecycleEvent[] = [];
  private saving = false;
  /** The latest state handed to this writer: what an append's deliveries describe (the app, the parties). */
  private last!: SessionRecord;

  constructor(
    private readonly storage: Storage,
    /** The call's logger (it carries the SessionId). */
    private readonly logger: Logger,
    private readonly outbox: OutboxFeed = NO_OUTBOX,
  ) {}

  insert(s: SessionRecord, events: LifecycleEvent[]): Promise<void> {
    this.last = s;
    const p = this.chain.then(async () => {
      const messages = this.outbox.messagesOf(s, events);
      await this.storage.sessions.insert(s, events, messages);
      this.outbox.appended(messages);
    });
    this.chain = p.catch(() => {});
    return p;
  }

  /** Queues a save of the latest state with the events that led to it. */
  save(s: SessionRecord, events: readonly LifecycleEvent[]): void {
    this.pending = s;
    this.last = s;
    this.pendingEvents.push(...events);
    this.schedule();
  }

  /**
   * Queues events that change no column of the session (an IVR node entered, a variable set, a
   * recording ready): they ride in the save of the same burst if there is one, else they are
   * appended alone, session_events and outbox rows only. Either way after every earlier write.
   */
  append(events: readonly LifecycleEvent[]): void {
    this.pendingEvents.push(...events);
    this.schedule();
  }

  // One flush per burst: whatever save() and append() queued before it runs is written together.
  private schedule(): void {
    if (this.saving) return;
    this.saving = true;
    this.chain = this.chain.then(async () => {
      this.saving = false;
      const latest = this.pending;
      const events = this.pendingEvents;
      this.pending = undefined;
      this.pendingEvents = [];
      if (!latest && events.length === 0) return;
      // A state change saves the row with its events; events alone are appended without it.
      const s = latest ?? this.last;
      try {
        const messages = this.outbox.messagesOf(s, events);
        const outcome = latest
          ? await this.storage.sessions.save(latest, events, messages)
          : await this.storage.sessions.append(s.sessionId, events, messages);
        if (outcome === 'fenced') this.fenced(s, latest ? 'save' : 'append');
        else this.outbox.appended(messages);
      } catch (err) {
        this.logger.error({ err }, latest ? 'could not save session' : 'could not append session events');
      }
    });
  }

  /**
   * Queues the answered call's line state after the saves before it, and so before finish(), whose
   * transaction deletes it: a finished call never leaves a row behind. A failure is logged only:
   * the call goes on, and a crash would leave it to the far end's timers, as before.
   */
  keepDialog(dialog: StoredCallDialog): void {
    this.chain = this.chain.then(() =>
      this.storage.callDialogs.save(dialog).catch((err: unknown) => {
        this.logger.error({ err, sessionId: dialog.sessionId }, 'could not store the call dialog');
      }),
    );
  }

  /**
   * Writes the finished session, its CDR and every event not yet written, after every earlier
   * write. `fenced`: another server had taken the session over and wrote its CDR; nothing was written.
   */
  finish(s: SessionRecord, events: readonly LifecycleEvent[]): Promise<WriteOutcome> {
    this.pending = undefined;
    this.last = s;
    const all = [...this.pendingEvents, ...events];
    this.pendingEvents = [];
    const p = this.chain.then(async () => {
      const messages = await this.outbox.endedMessagesOf(s, all);
      const outcome = await this.storage.finishSession(s, all, messages);
      if (outcome === 'fenced') this.fenced(s, 'finish');
      else this.outbox.appended(messages);
      return outcome;
    });
    this.chain = p.then(
      () => {},
      () => {},
    );
    return p;
  }

  // Loud: it means this server kept a call past its lease (a split brain, docs/cluster.md).
  private fenced(s: SessionRecord, write: 'save' | 'append' | 'finish'): void {
    this.logger.error(
      { sessionId: s.sessionId, write, endStatus: s.endStatus },
      'session write fenced: another server took this call over after our lease expired; its row and CDR stand',
    );
  }
}

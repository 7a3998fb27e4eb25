import type { Logger } from '../shared/logger.ts';
import type { SessionRecord } from '../domain/session.ts';
import type { Storage } from '../storage/repositories.ts';

/**
 * Serializes one session's writes: the insert lands first, then saves in order, coalescing
 * bursts to the latest state, then the final CDR. Line events never wait for the database.
 */
export class SessionWriter {
  private chain: Promise<void> = Promise.resolve();
  private pending: SessionRecord | undefined;
  private saving = false;

  constructor(
    private readonly storage: Storage,
    private readonly logger: Logger,
  ) {}

  insert(s: SessionRecord): Promise<void> {
    const p = this.chain.then(() => this.storage.sessions.insert(s));
    this.chain = p.catch(() => {});
    return p;
  }

  /** Queues a save of the latest state; several saves in a burst become one write. */
  save(s: SessionRecord): void {
    this.pending = s;
    if (this.saving) return;
    this.saving = true;
    this.chain = this.chain.then(async () => {
      this.saving = false;
      const latest = this.pending;
      this.pending = undefined;
      if (!latest) return;
      try {
        await this.storage.sessions.save(latest);
      } catch (err) {
        this.logger.error({ err, sessionId: latest.sessionId }, 'could not save session');
      }
    });
  }

  /** Writes the finished session and its CDR after every earlier write. */
  finish(s: SessionRecord): Promise<void> {
    this.pending = undefined;
    const p = this.chain.then(() => this.storage.finishSession(s));
    this.chain = p.catch(() => {});
    return p;
  }
}

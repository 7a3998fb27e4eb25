import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { NodeChannel, NodeMessage } from '../../storage/cluster/node-channel.ts';
import type { CallSupervisor } from '../call/call-supervisor.ts';

/**
 * HangUpCall across servers. A server asked to hang up a call it does not hold broadcasts
 * `hangup` (it does not need to know the owner); the server holding the call live hangs it up
 * and, once its CDR is written, answers `hungUp` to the asker. Independent of session ownership.
 */
export class RemoteHangups {
  private readonly waiters = new Map<string, Set<(answered: boolean) => void>>();
  private closed = false;

  constructor(
    private readonly channel: NodeChannel,
    private readonly calls: CallSupervisor,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    channel.on('message', (m, from) => this.onMessage(m, from));
  }

  /**
   * Asks every other server to hang up this session; true once its holder answers that the CDR is
   * written, false when nobody answered within `timeoutMs` (then the caller re-reads storage).
   */
  async ask(sdkAppId: number, sessionId: string, requestId: string, timeoutMs: number): Promise<boolean> {
    if (this.closed) return false;
    const key = `${sessionId}\0${requestId}`;
    let done!: (answered: boolean) => void;
    const answered = new Promise<boolean>((r) => (done = r));
    let set = this.waiters.get(key);
    if (!set) this.waiters.set(key, (set = new Set()));
    set.add(done);
    const timer = this.clock.setTimer(timeoutMs, () => done(false));
    try {
      await this.channel.publish({ type: 'hangup', sdkAppId, sessionId, requestId });
      return await answered;
    } finally {
      this.clock.clearTimer(timer);
      set.delete(done);
      if (set.size === 0) this.waiters.delete(key);
    }
  }

  /** Stops answering and lets pending asks time out now. Idempotent. */
  close(): void {
    this.closed = true;
    for (const set of this.waiters.values()) for (const done of set) done(false);
    this.waiters.clear();
  }

  private onMessage(m: NodeMessage, from: string): void {
    if (this.closed) return;
    if (m.type === 'hungUp') {
      if (m.to !== this.channel.nodeId) return;
      for (const done of this.waiters.get(`${m.sessionId}\0${m.requestId}`) ?? []) done(true);
      return;
    }
    const call = this.calls.get(m.sessionId);
    // Not ours (or of another app): stay silent, the holder answers.
    if (!call || call.record.sdkAppId !== m.sdkAppId) return;
    call.hangup('api');
    call.closed
      .then(() => this.channel.publish({ type: 'hungUp', to: from, sessionId: m.sessionId, requestId: m.requestId }))
      .catch((err: unknown) => this.logger.warn({ err, sessionId: m.sessionId }, 'answering a remote hangup failed'));
  }
}

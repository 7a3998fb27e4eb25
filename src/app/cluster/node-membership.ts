import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Storage } from '../../storage/repositories.ts';
import type { CallSupervisor } from '../call/call-supervisor.ts';
import { recoverOrphanedSessions } from '../use-cases/recover-sessions.ts';
import type { OutboxFeed } from '../events/outbox-feed.ts';
import { NodeLease } from './node-lease.ts';
import type { ClusterSettings } from './cluster-settings.ts';

export interface MembershipOptions {
  /** Opened with `owner` = this run (see newOwner), the same the lease is taken for. */
  storage: Storage;
  settings: ClusterSettings;
  /** Call time: when recovered sessions end. */
  clock: Clock;
  /** Wall time: leases, heartbeats and the drain wait. */
  leaseClock: Clock;
  logger: Logger;
  url?: string | null;
  /** Told the sessions it took over before it closes them (the carrier BYEs their far ends). */
  beforeFinish?: (sessionIds: string[]) => Promise<unknown>;
  /** The deliveries the ended events of recovered sessions owe. */
  outbox?: OutboxFeed;
}

/**
 * This server as a member of the cluster (docs/cluster.md): its lease, the recovery of orphaned
 * sessions (at start, then on each heartbeat when the database is shared), the drain at
 * shutdown and what a lost lease does. A single SQLite server runs the same code with the lease
 * forced (its file lock already excludes a second server) and sweeps only at start.
 */
export class NodeMembership {
  readonly lease: NodeLease;
  private calls: CallSupervisor | undefined;
  private sweeping: Promise<unknown> = Promise.resolve();
  private sweepRunning = false;
  private draining: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  private constructor(private readonly o: MembershipOptions) {
    const { storage, settings } = o;
    this.lease = new NodeLease({
      nodes: storage.clusterNodes,
      owner: storage.owner,
      clock: o.leaseClock,
      logger: o.logger,
      leaseMs: settings.leaseMs,
      heartbeatMs: settings.heartbeatMs,
      url: o.url ?? null,
      force: storage.singleWriter,
      onRenewed: storage.singleWriter ? undefined : () => this.sweep(),
    });
  }

  /** Takes the lease (NodeIdInUseError if another live run holds it), then closes every orphaned session. */
  static async start(o: MembershipOptions): Promise<NodeMembership> {
    const m = new NodeMembership(o);
    await m.lease.start();
    try {
      // A single writer's file had no other server: every session an earlier run left is an orphan,
      // whatever lease that run last wrote (a crashed run's lease has not expired yet).
      const leaseNow = o.storage.singleWriter ? Number.MAX_SAFE_INTEGER : o.leaseClock.now();
      await recoverOrphanedSessions(o.storage, o.clock, o.logger, leaseNow, o.beforeFinish, o.outbox);
    } catch (err) {
      await m.lease.close();
      throw err;
    }
    return m;
  }

  /** The calls this node hangs up when its lease is lost and drains at shutdown. */
  supervise(calls: CallSupervisor): void {
    this.calls = calls;
    void this.lease.lost.then(async () => {
      calls.stopAccepting();
      // Their CDRs: ours where no survivor took the call yet, else the survivor's (our finish is fenced).
      await calls.shutdown();
    });
  }

  /**
   * Stops taking calls and marks the lease draining; with `cluster.shutdown.mode: drain`, waits up
   * to drainSeconds for the live calls to end. What is left is hung up by close(). Idempotent.
   */
  drain(): Promise<void> {
    return (this.draining ??= (async () => {
      const calls = this.calls;
      calls?.stopAccepting();
      await this.lease.markDraining().catch((err: unknown) => this.o.logger.warn({ err }, 'could not mark the lease draining'));
      const { mode, drainMs } = this.o.settings.shutdown;
      if (mode !== 'drain' || !calls || calls.count() === 0) return;
      this.o.logger.info({ live: calls.count(), drainMs }, 'draining: waiting for live calls to end');
      let timer;
      await Promise.race([calls.idle(), new Promise<void>((resolve) => (timer = this.o.leaseClock.setTimer(drainMs, resolve)))]);
      if (timer) this.o.leaseClock.clearTimer(timer);
      if (calls.count() > 0) this.o.logger.warn({ live: calls.count() }, 'drain time is up: hanging up the calls left');
    })());
  }

  /** Waits for a running sweep, then releases the lease (survivors need not wait it out). Call after the calls are closed. Idempotent. */
  close(): Promise<void> {
    return (this.closing ??= (async () => {
      await this.lease.close();
      await this.sweeping;
    })());
  }

  // One sweep at a time; a slow one makes the next heartbeat skip rather than pile up.
  private sweep(): void {
    if (this.sweepRunning || !this.lease.held) return;
    this.sweepRunning = true;
    this.sweeping = recoverOrphanedSessions(
      this.o.storage,
      this.o.clock,
      this.o.logger,
      this.o.leaseClock.now(),
      this.o.beforeFinish,
      this.o.outbox,
    )
      .catch((err: unknown) => this.o.logger.warn({ err }, 'orphan sweep failed'))
      .finally(() => (this.sweepRunning = false));
  }
}

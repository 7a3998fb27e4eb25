import { randomUUID } from 'node:crypto';
import type { Clock, TimerHandle } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { ClusterNode, ClusterNodeRepository, SessionOwner } from '../../storage/repositories.ts';

export interface NodeLeaseOptions {
  nodes: ClusterNodeRepository;
  /** This run: the node id and a fresh incarnation (newOwner), the same the Storage writes sessions with. */
  owner: SessionOwner;
  /** Wall time shared by the servers (the leases of all of them are compared on it). */
  clock: Clock;
  logger: Logger;
  leaseMs: number;
  heartbeatMs: number;
  /** This server's API address, for `cluster_nodes.url`. */
  url?: string | null;
  /** Take the lease even if unexpired: only for a database no other process can open (SQLite). */
  force?: boolean;
  /** Called once, on each heartbeat that kept the lease (the orphan sweep runs then). */
  onRenewed?: () => void;
}

/** A new run of node `nodeId`: its incarnation is random, so no two runs ever share one. */
export function newOwner(nodeId: string): SessionOwner {
  return { node: nodeId, incarnation: randomUUID() };
}

/** Why a node stopped holding its lease while it ran. */
export interface LeaseLoss {
  reason: 'expired' | 'taken';
  detail: string;
}

/** Another run holds this node id's unexpired lease: two processes were given one node id. */
export class NodeIdInUseError extends Error {
  constructor(readonly holder: ClusterNode) {
    super(
      `cluster.nodeId "${holder.nodeId}" is held by another live server (incarnation ${holder.incarnation}, lease until ` +
        `${new Date(holder.leaseExpiresAtMs).toISOString()}): give each server its own nodeId, or if that server is gone, ` +
        'start again once its lease has expired',
    );
    this.name = 'NodeIdInUseError';
  }
}

/**
 * This server's lease in `cluster_nodes` (docs/cluster.md): taken at start for a fresh
 * incarnation, renewed every heartbeat, released on a clean exit. A renewal that fails (the
 * lease had expired, or another run of this node id took it) or a database that stays
 * unreachable until the lease runs out means the lease is lost: `lost` resolves, once, and the
 * runtime stops the node's calls (their writes are fenced if a survivor took them over).
 */
export class NodeLease {
  readonly owner: SessionOwner;
  readonly lost: Promise<LeaseLoss>;
  private resolveLost!: (loss: LeaseLoss) => void;
  private expiresAtMs = 0;
  private timer: TimerHandle | undefined;
  /** Fires when the lease last written runs out: a heartbeat that hangs must not keep it "held". */
  private watchdog: TimerHandle | undefined;
  private state: 'new' | 'held' | 'lost' | 'closed' = 'new';
  private closing: Promise<void> | undefined;
  private beating: Promise<void> = Promise.resolve();

  constructor(private readonly o: NodeLeaseOptions) {
    this.owner = o.owner;
    this.lost = new Promise((resolve) => (this.resolveLost = resolve));
  }

  /** True while this run holds an unexpired lease. */
  get held(): boolean {
    return this.state === 'held' && this.o.clock.now() < this.expiresAtMs;
  }

  /** When the lease last written runs out, Unix ms. */
  get leaseExpiresAtMs(): number {
    return this.expiresAtMs;
  }

  /** Takes the lease and starts the heartbeat; throws NodeIdInUseError when another live run holds it. */
  async start(): Promise<void> {
    const now = this.o.clock.now();
    const me: ClusterNode = {
      nodeId: this.owner.node,
      incarnation: this.owner.incarnation,
      leaseExpiresAtMs: now + this.o.leaseMs,
      startedAtMs: now,
      state: 'live',
      url: this.o.url ?? null,
    };
    const r = await this.o.nodes.register(me, now, { force: this.o.force ?? false });
    if (!r.registered) throw new NodeIdInUseError(r.holder);
    this.expiresAtMs = me.leaseExpiresAtMs;
    this.state = 'held';
    this.armWatchdog();
    this.o.logger.info({ nodeId: me.nodeId, incarnation: me.incarnation, leaseMs: this.o.leaseMs }, 'cluster lease taken');
    this.schedule();
  }

  /** Marks the lease draining (shown in cluster_nodes; the node takes no new calls). */
  async markDraining(): Promise<void> {
    if (this.state !== 'held') return;
    await this.o.nodes.markDraining(this.owner.node, this.owner.incarnation);
  }

  /** Stops the heartbeat and, if still held, expires the lease so survivors need not wait it out. Idempotent. */
  close(): Promise<void> {
    return (this.closing ??= (async () => {
      const wasHeld = this.state === 'held';
      this.state = this.state === 'lost' ? 'lost' : 'closed';
      if (this.timer) this.o.clock.clearTimer(this.timer);
      if (this.watchdog) this.o.clock.clearTimer(this.watchdog);
      await this.beating;
      // Storage already gone (closed, unreachable): the lease then lapses at its expiry instead.
      if (wasHeld)
        await this.o.nodes
          .release(this.owner.node, this.owner.incarnation)
          .catch((err: unknown) => this.o.logger.warn({ err }, 'could not release the cluster lease; it lapses at its expiry'));
    })());
  }

  private schedule(): void {
    this.timer = this.o.clock.setTimer(this.o.heartbeatMs, () => {
      this.beating = this.beat();
    });
  }

  private async beat(): Promise<void> {
    const now = this.o.clock.now();
    const until = now + this.o.leaseMs;
    let renewed: boolean;
    try {
      renewed = await this.o.nodes.renew(this.owner.node, this.owner.incarnation, now, until);
    } catch (err) {
      // The watchdog declares the loss if no retry succeeds before the lease runs out.
      if (this.state !== 'held') return;
      this.o.logger.warn({ err, leaseExpiresAt: this.expiresAtMs }, 'cluster heartbeat failed; retrying');
      this.schedule();
      return;
    }
    if (this.state !== 'held') return;
    if (!renewed) {
      const holder = await this.o.nodes.get(this.owner.node).catch(() => undefined);
      const taken = holder !== undefined && holder.incarnation !== this.owner.incarnation;
      this.lose(
        taken
          ? { reason: 'taken', detail: `another run of node ${this.owner.node} (incarnation ${holder.incarnation}) took the lease` }
          : { reason: 'expired', detail: `the lease had expired at ${new Date(this.expiresAtMs).toISOString()} before it was renewed` },
      );
      return;
    }
    this.expiresAtMs = until;
    this.armWatchdog();
    this.schedule();
    this.o.onRenewed?.();
  }

  private armWatchdog(): void {
    if (this.watchdog) this.o.clock.clearTimer(this.watchdog);
    this.watchdog = this.o.clock.setTimer(this.expiresAtMs - this.o.clock.now(), () => {
      if (this.state === 'held')
        this.lose({
          reason: 'expired',
          detail: `no heartbeat reached the database before the lease ran out at ${new Date(this.expiresAtMs).toISOString()}`,
        });
    });
  }

  private lose(loss: LeaseLoss): void {
    this.state = 'lost';
    if (this.timer) this.o.clock.clearTimer(this.timer);
    if (this.watchdog) this.o.clock.clearTimer(this.watchdog);
    this.o.logger.fatal(
      { nodeId: this.owner.node, incarnation: this.owner.incarnation, ...loss },
      'CLUSTER LEASE LOST: this server may no longer own its calls; it stops taking calls and hangs up the ones it has (a survivor writes their CDRs)',
    );
    this.resolveLost(loss);
  }
}

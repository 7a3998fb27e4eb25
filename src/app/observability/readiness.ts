import type { Clock } from '../../shared/clock.ts';
import type { Storage } from '../../storage/repositories.ts';
import type { Carrier } from '../../telephony/carrier.ts';
import type { CallSupervisor } from '../call/call-supervisor.ts';

export type ReadinessCheckName = 'storage' | 'migrations' | 'carrier' | 'accepting';

export interface ReadinessCheck {
  ok: boolean;
  /** Why the check failed. */
  reason?: string;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<ReadinessCheckName, ReadinessCheck>;
}

export interface ReadinessDeps {
  storage: Storage;
  carrier: Carrier;
  calls: CallSupervisor;
  clock: Clock;
  /** How long the storage probe may take before the server counts as not ready. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 1000;

/**
 * Whether this server should be sent traffic (/readyz): its database answers a trivial read
 * in time and has every migration, its carrier can take calls, and it is not draining or
 * shutting down. Each check is named in the report, so an operator sees which one failed.
 */
export class Readiness {
  private draining = false;

  constructor(private readonly deps: ReadinessDeps) {}

  /** From now on the server reports not ready (shutdown is coming); it keeps serving. Idempotent. */
  drain(): void {
    this.draining = true;
  }

  async check(): Promise<ReadinessReport> {
    const { storage, migrations } = await this.probeStorage();
    const carrierReason = this.deps.carrier.notReady?.();
    const accepting: ReadinessCheck = this.draining
      ? { ok: false, reason: 'the server is draining before shutdown' }
      : this.deps.calls.accepting
        ? { ok: true }
        : { ok: false, reason: 'the server is shutting down' };
    const checks: ReadinessReport['checks'] = {
      storage,
      migrations,
      carrier: carrierReason === undefined ? { ok: true } : { ok: false, reason: carrierReason },
      accepting,
    };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  }

  private async probeStorage(): Promise<{ storage: ReadinessCheck; migrations: ReadinessCheck }> {
    const timeoutMs = this.deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const { clock } = this.deps;
    let timer: ReturnType<Clock['setTimer']> | undefined;
    const late = new Promise<'late'>((resolve) => (timer = clock.setTimer(timeoutMs, () => resolve('late'))));
    try {
      const pending = await Promise.race([this.deps.storage.pendingMigrations(), late]);
      if (pending === 'late') {
        const reason = `the database did not answer within ${timeoutMs} ms`;
        return { storage: { ok: false, reason }, migrations: { ok: false, reason } };
      }
      return {
        storage: { ok: true },
        migrations: pending === 0 ? { ok: true } : { ok: false, reason: `${pending} migration(s) not applied` },
      };
    } catch (err) {
      const reason = `the database failed a trivial read: ${err instanceof Error ? err.message : String(err)}`;
      return { storage: { ok: false, reason }, migrations: { ok: false, reason: 'unknown: the database did not answer' } };
    } finally {
      if (timer) clock.clearTimer(timer);
    }
  }
}

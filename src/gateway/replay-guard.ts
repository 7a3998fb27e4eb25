import { createHash } from 'node:crypto';

/** Where first answers are kept: the port ReplayGuard needs (storage's idempotency repository is one). */
export interface ReplayStore {
  get(key: string): Promise<{ body: string } | undefined>;
  /** Stores once; false if the key already existed (a concurrent replay won). */
  put(key: string, body: string, createdAtMs: number, expiresAtMs: number): Promise<boolean>;
  /** Replaces the body of an entry put before. */
  complete(key: string, body: string): Promise<void>;
}

/** The body of a reservation: the request is running somewhere. A real answer is never empty. */
const RUNNING = '';

export interface ReplayGuardOptions {
  /** How long a replay waits for the first answer being produced on another server. */
  waitMs?: number;
  pollMs?: number;
}

/** A replay arrived while another server is still answering the first request, and it did not finish in time. */
export class ReplayStillRunningError extends Error {}

/**
 * A byte-identical replay of a signed request carries the same signature; it must never act
 * twice. The key is reserved in storage before the request runs (atomically, so of two servers
 * racing one runs it), the first answer then replaces the reservation and is kept (durably, past
 * the signature's validity window), and every replay, concurrent or later, gets that answer.
 */
export class ReplayGuard {
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly waitMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly repo: ReplayStore,
    private readonly keepMs: number,
    opts: ReplayGuardOptions = {},
  ) {
    this.waitMs = opts.waitMs ?? 30_000;
    this.pollMs = opts.pollMs ?? 25;
  }

  /**
   * The signed timestamp leads the key so keys sort by time: the idempotency table then grows at its
   * right edge, and a commit's new keys share pages instead of each dirtying a random one. It is part
   * of what was signed, so a replay has the same key.
   */
  static keyOf(scheme: string, secretId: string, signature: string, timestampSec: number): string {
    const hash = createHash('sha256').update(`${scheme}\n${secretId}\n${signature}`).digest('base64url');
    return `${Math.max(0, Math.trunc(timestampSec)).toString(16).padStart(10, '0')}.${hash}`;
  }

  /** Runs `produce` once per key; returns its body, or the body first produced for that key. */
  async once(key: string, nowMs: number, produce: () => Promise<string>): Promise<string> {
    // Replays within this process share one run without touching storage.
    const running = this.inFlight.get(key);
    if (running) return running;
    const work = (async () => {
      // Reserve first: nearly every request is new, and a reservation that fails costs the read anyway.
      if (await this.repo.put(key, RUNNING, nowMs, nowMs + this.keepMs)) {
        const body = await produce();
        await this.repo.complete(key, body);
        return body;
      }
      // Answered before (here or elsewhere), or another server holds the reservation: its answer is the one.
      return this.awaitAnswer(key);
    })();
    this.inFlight.set(key, work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async awaitAnswer(key: string): Promise<string> {
    const deadline = performance.now() + this.waitMs;
    for (;;) {
      const seen = await this.repo.get(key);
      if (seen && seen.body !== RUNNING) return seen.body;
      if (performance.now() >= deadline)
        throw new ReplayStillRunningError('the same request is still being answered (by another server); try again later');
      await new Promise((r) => setTimeout(r, this.pollMs));
    }
  }
}

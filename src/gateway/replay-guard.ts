import { createHash } from 'node:crypto';

/** Where first answers are kept: the port ReplayGuard needs (storage's idempotency repository is one). */
export interface ReplayStore {
  get(key: string): Promise<{ body: string } | undefined>;
  /** Stores once; false if the key already existed (a concurrent replay won). */
  put(key: string, body: string, createdAtMs: number, expiresAtMs: number): Promise<boolean>;
}

/**
 * A byte-identical replay of a signed request carries the same signature; it must never act
 * twice. The first answer is kept (durably, past the signature's validity window) and every
 * replay, concurrent or later, gets that same answer.
 */
export class ReplayGuard {
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly repo: ReplayStore,
    private readonly keepMs: number,
  ) {}

  static keyOf(scheme: string, secretId: string, signature: string): string {
    return createHash('sha256').update(`${scheme}\n${secretId}\n${signature}`).digest('base64url');
  }

  /** Runs `produce` once per key; returns its body, or the body first produced for that key. */
  async once(key: string, nowMs: number, produce: () => Promise<string>): Promise<string> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const work = (async () => {
      const seen = await this.repo.get(key);
      if (seen) return seen.body;
      const body = await produce();
      const stored = await this.repo.put(key, body, nowMs, nowMs + this.keepMs);
      if (stored) return body;
      // Another node answered the same request first: its answer is the one.
      return (await this.repo.get(key))?.body ?? body;
    })();
    this.inFlight.set(key, work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(key);
    }
  }
}

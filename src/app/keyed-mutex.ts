import type { AdmissionLock } from './admission-lock.ts';

/**
 * Serializes async work per key; the admission lock of a single server. Admission reads call counts and then inserts the session;
 * without this, two concurrent requests for one callee could both pass a cap of N.
 */
export class KeyedMutex implements AdmissionLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    // Sorted acquisition order rules out deadlock between two multi-key holders.
    const sorted = [...new Set(keys)].sort();
    const releases: (() => void)[] = [];
    try {
      for (const key of sorted) releases.push(await this.acquire(key));
      return await fn();
    } finally {
      for (const release of releases.reverse()) release();
    }
  }

  private async acquire(key: string): Promise<() => void> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = prev.then(() => mine);
    this.tails.set(key, tail);
    await prev;
    return () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }

  /** Keys currently held or awaited; for tests and leak checks. */
  size(): number {
    return this.tails.size;
  }
}

/**
 * Serializes admission (count the rules' calls, then insert the session) per callee and caller
 * key. `fn` must not resolve before the session row is committed: the next holder counts it.
 */
export interface AdmissionLock {
  run<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T>;
}

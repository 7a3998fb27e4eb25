/** A minimal typed emitter for a transaction's events to its TU (no shared typed-emitter exists on this branch). */
export class TransactionEvents<E extends { [K in keyof E]: unknown[] }> {
  private readonly handlers: { [K in keyof E]?: ((...args: E[K]) => void)[] } = {};

  on<K extends keyof E>(name: K, fn: (...args: E[K]) => void): this {
    (this.handlers[name] ??= []).push(fn);
    return this;
  }

  off<K extends keyof E>(name: K, fn: (...args: E[K]) => void): this {
    const list = this.handlers[name];
    const i = list ? list.indexOf(fn) : -1;
    if (list && i >= 0) list.splice(i, 1);
    return this;
  }

  protected emit<K extends keyof E>(name: K, ...args: E[K]): void {
    const list = this.handlers[name];
    if (list) for (const fn of [...list]) fn(...args);
  }
}

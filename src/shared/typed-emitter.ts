/** Event name -> the arguments its listeners receive. */
export type EventMap = { [event: string]: unknown[] };

type Listener<A extends unknown[]> = (...args: A) => void;

/** What observers of a resource may do: listen, never emit (mediasoup's observer shape). */
export interface Emitter<E extends EventMap> {
  on<K extends keyof E & string>(event: K, listener: Listener<E[K]>): this;
  once<K extends keyof E & string>(event: K, listener: Listener<E[K]>): this;
  off<K extends keyof E & string>(event: K, listener: Listener<E[K]>): this;
}

/**
 * A typed event emitter (mediasoup's EnhancedEventEmitter shape) for every resource: call legs,
 * recordings, transports, live calls. Listeners attach any time after the resource exists (events
 * are never emitted from inside the call that created it), and only the resource emits. Unlike
 * node's EventEmitter, an 'error' event nobody listens to is dropped: hostile bytes from a peer
 * must never become an uncaught exception.
 */
export class TypedEmitter<E extends EventMap> implements Emitter<E> {
  readonly #listeners = new Map<keyof E, Set<Listener<never>>>();

  on<K extends keyof E & string>(event: K, listener: Listener<E[K]>): this {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as Listener<never>);
    return this;
  }

  once<K extends keyof E & string>(event: K, listener: Listener<E[K]>): this {
    const wrapped: Listener<E[K]> = (...args) => {
      this.off(event, wrapped);
      listener(...args);
    };
    return this.on(event, wrapped);
  }

  off<K extends keyof E & string>(event: K, listener: Listener<E[K]>): this {
    this.#listeners.get(event)?.delete(listener as Listener<never>);
    return this;
  }

  listenerCount<K extends keyof E & string>(event: K): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  protected emit<K extends keyof E & string>(event: K, ...args: E[K]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    // A copy: a listener may remove itself (once) or others while the event is delivered.
    for (const fn of [...set]) (fn as Listener<E[K]>)(...args);
  }

  /** Drops every listener: the last step of a close(), after the close event. */
  protected removeAllListeners(): void {
    this.#listeners.clear();
  }
}

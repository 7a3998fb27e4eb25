import { EventEmitter } from 'node:events';

/** Event name -> the arguments its listeners receive. */
export type EventMap = { [event: string]: unknown[] };

/** What observers of a resource may do: listen, never emit (mediasoup's observer shape). */
export interface Emitter<E extends EventMap> {
  on<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this;
  once<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this;
  off<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this;
}

/**
 * A typed EventEmitter: listeners attach any time after the resource exists (events are never
 * emitted from inside the call that created it), and only the resource itself emits.
 */
export class TypedEmitter<E extends EventMap> implements Emitter<E> {
  readonly #emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    // A call leg has a handful of observers; no leak warning is meaningful here.
    this.#emitter.setMaxListeners(0);
  }

  on<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#emitter.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  once<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#emitter.once(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#emitter.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  listenerCount<K extends keyof E & string>(event: K): number {
    return this.#emitter.listenerCount(event);
  }

  protected emit<K extends keyof E & string>(event: K, ...args: E[K]): boolean {
    return this.#emitter.emit(event, ...args);
  }

  /** Drops every listener: the last step of a close(), after the close event. */
  protected removeAllListeners(): void {
    this.#emitter.removeAllListeners();
  }
}

import { EventEmitter } from 'node:events';

/** An EventEmitter whose event names and argument tuples are checked (mediasoup's EnhancedEventEmitter shape). */
export class TypedEmitter<Events extends Record<string, unknown[]>> {
  private readonly ee = new EventEmitter();

  on<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => void): this {
    this.ee.on(event, listener as (...a: unknown[]) => void);
    return this;
  }

  once<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => void): this {
    this.ee.once(event, listener as (...a: unknown[]) => void);
    return this;
  }

  off<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => void): this {
    this.ee.off(event, listener as (...a: unknown[]) => void);
    return this;
  }

  protected emit<K extends keyof Events & string>(event: K, ...args: Events[K]): void {
    this.ee.emit(event, ...args);
  }

  protected removeAllListeners(): void {
    this.ee.removeAllListeners();
  }
}

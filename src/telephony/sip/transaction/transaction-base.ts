import { OwnedTimers } from '../../../shared/owned-timers.ts';
import { TypedEmitter, type EventMap } from '../../../shared/typed-emitter.ts';
import type { SipMessage, SipRequest } from '../message/index.ts';
import { transactionTimers, type TransactionTimers } from './timers.ts';
import { toError, type TransactionOptions } from './transaction-options.ts';
import type { TransactionTransport, TransportDestination } from './transaction-transport.ts';

/**
 * What the four §17 machines share: their request and destination, the timer set for the
 * transport's reliability, the timers they own, sending with transport errors turned into a
 * machine event, and one idempotent close() that cancels every timer and emits `terminated` once.
 * Each machine keeps its own state table and transitions.
 */
export abstract class TransactionBase<S extends string, E extends EventMap & { terminated: [] }> extends TypedEmitter<E> {
  readonly request: SipRequest;
  readonly destination: TransportDestination;
  readonly reliable: boolean;
  protected currentState: S;
  protected readonly owned: OwnedTimers;
  protected readonly t: TransactionTimers;
  private readonly transport: TransactionTransport;
  private closed = false;

  constructor(o: TransactionOptions, initial: S) {
    super();
    this.request = o.request;
    this.destination = o.destination;
    this.transport = o.transport;
    this.owned = new OwnedTimers(o.clock);
    this.reliable = o.transport.isReliable(o.destination);
    this.t = transactionTimers(o.timers, this.reliable);
    this.currentState = initial;
  }

  get state(): S {
    return this.currentState;
  }

  get pendingTimers(): number {
    return this.owned.size;
  }

  /** Ends the transaction now: cancels every timer, emits `terminated` once. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.currentState = 'terminated' as S;
    this.owned.cancelAll();
    (this.emit as unknown as (event: 'terminated') => void).call(this, 'terminated');
  }

  /** Sends through the transport; a failure reaches the machine as its transport-error event (§17.1.1.2, §17.2.4). */
  protected send(message: SipMessage): void {
    this.transport.send(message, this.destination).catch((e: unknown) => this.transportFailed(toError(e)));
  }

  protected abstract transportFailed(error: Error): void;
}

// Periodic OPTIONS towards a trunk (issue 12 item 7: off unless started), reporting whether it answers.
import { OwnedTimers } from '../../../shared/owned-timers.ts';
import { TypedEmitter } from '../../../shared/typed-emitter.ts';
import type { TransportDestination } from '../transaction/index.ts';
import { sendOptions, type OptionsResult } from './options-uac.ts';
import type { UserAgentCore } from './user-agent-core.ts';

export interface KeepAliveOptions {
  destination: TransportDestination;
  uri: string;
  intervalMs: number;
}

export type KeepAliveEvents = {
  /** Any final response means the peer is alive, even 404 or 405; only 408/503 from us (no answer) means down. */
  result: [result: OptionsResult & { alive: boolean }];
};

export class OptionsKeepAlive extends TypedEmitter<KeepAliveEvents> {
  private readonly timers: OwnedTimers;
  private closed = false;
  private readonly unown: () => void;

  constructor(
    private readonly ua: UserAgentCore,
    private readonly o: KeepAliveOptions,
  ) {
    super();
    this.timers = new OwnedTimers(ua.clock);
    this.unown = ua.own(this);
    this.timers.after(0, () => this.probe());
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.timers.cancelAll();
    this.unown();
  }

  private probe(): void {
    if (this.closed) return;
    void sendOptions(this.ua, this.o.destination, this.o.uri).then((r) => {
      if (this.closed) return;
      const alive = r.response !== undefined;
      this.emit('result', { ...r, alive });
      this.timers.after(this.o.intervalMs, () => this.probe());
    });
  }
}

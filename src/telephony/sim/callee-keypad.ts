import type { TimerHandle } from '../../shared/clock.ts';
import type { OwnedTimers } from '../../shared/owned-timers.ts';

export interface KeypadTiming {
  /** From the end of a prompt (finished or stopped) to the next key. */
  afterPromptMs: number;
  /** To the next key when nothing is playing: after answer, or after the previous key. */
  intervalMs: number;
}

/**
 * The simulated callee's finger. It presses the next key only while no prompt is playing:
 * `afterPromptMs` after a prompt ends, or `intervalMs` after answer or after its previous key;
 * a prompt that starts cancels the pending key, which then waits for that prompt's end.
 *
 * Why this rule rather than fixed times from answer: prompt lengths depend on text and
 * variables, so fixed times would make a config author compute them, and keys landing
 * mid-prompt would barge in and change the path. Pressing "when the IVR waits" walks a flow
 * as written ("20412#" = menu 2, then a date and #), like `openccc ivr simulate` does.
 */
export class CalleeKeypad {
  private readonly left: string[];
  private pending: TimerHandle | undefined;

  constructor(
    digits: string,
    private readonly timing: KeypadTiming,
    private readonly timers: OwnedTimers,
    private readonly press: (digit: string) => void,
  ) {
    this.left = [...digits];
  }

  /** Keys not pressed yet. */
  get remaining(): string {
    return this.left.join('');
  }

  answered(): void {
    this.arm(this.timing.intervalMs);
  }

  promptStarted(): void {
    this.timers.cancel(this.pending);
    this.pending = undefined;
  }

  promptEnded(): void {
    this.arm(this.timing.afterPromptMs);
  }

  private arm(delayMs: number): void {
    this.timers.cancel(this.pending);
    this.pending = undefined;
    if (this.left.length === 0) return;
    this.pending = this.timers.after(delayMs, () => {
      this.pending = undefined;
      const digit = this.left.shift()!;
      // Armed before reporting the key, so a prompt the key triggers cancels the next one.
      this.arm(this.timing.intervalMs);
      this.press(digit);
    });
  }
}

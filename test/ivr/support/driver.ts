import assert from 'node:assert/strict';
import { parseFlow } from '../../../src/ivr/loader.ts';
import type { FlowDefinition } from '../../../src/ivr/flow.ts';
import { startIvr, stepIvr, type IvrCommand, type IvrEvent, type IvrState } from '../../../src/ivr/interpreter.ts';

export function flowOf(yaml: string): FlowDefinition {
  return parseFlow(yaml, 'test.yaml');
}

/** Commands that only report (a node entered, a variable set): the app turns them into events, the line never sees them. */
export type IvrReport = Extract<IvrCommand, { type: 'nodeEntered' | 'variableSet' }>;
export const isReport = (c: IvrCommand): c is IvrReport => c.type === 'nodeEntered' || c.type === 'variableSet';

/** What the line is asked to do, without the reports. */
export function actions(commands: readonly IvrCommand[]): IvrCommand[] {
  return commands.filter((c) => !isReport(c));
}

export const SYSTEM = { callerNumber: '008610000000001', calleeNumber: '008613800000000', sessionId: 'sess-1' };

/**
 * Plays the app layer's part from the commands alone: it knows which playback is running
 * and which timers are pending only because the interpreter said so, and checks that the
 * commands never contradict each other (cancel an unknown timer, stop nothing, act after hangup).
 */
export class Driver {
  state: IvrState;
  /** Commands of the last start/step. */
  last: IvrCommand[] = [];
  all: IvrCommand[] = [];
  /** Every report so far, in order. */
  reports: IvrReport[] = [];
  playing: string | null = null;
  readonly timers = new Set<string>();
  hungUp = false;
  now = 0;

  constructor(
    readonly flow: FlowDefinition,
    init: { variables?: Record<string, string>; uui?: string } = {},
  ) {
    const started = startIvr(flow, { at: 0, variables: init.variables ?? {}, uui: init.uui ?? '', system: SYSTEM });
    this.state = started.state;
    this.apply(started.commands);
  }

  send(event: IvrEvent): IvrCommand[] {
    // What the event reports is over, whether or not the interpreter still cares.
    if (event.type === 'playbackDone' && event.playbackId === this.playing) this.playing = null;
    if (event.type === 'timer') this.timers.delete(event.timerId);
    const step = stepIvr(this.flow, this.state, event);
    this.state = step.state;
    this.apply(step.commands);
    return actions(step.commands);
  }

  /** The running prompt ends. */
  finishPlayback(after = 1000): IvrCommand[] {
    assert.ok(this.playing, 'no playback is running');
    this.now += after;
    return this.send({ type: 'playbackDone', at: this.now, playbackId: this.playing });
  }

  /** The one pending timer fires. */
  fireTimer(): IvrCommand[] {
    assert.equal(this.timers.size, 1, `expected one pending timer, have ${[...this.timers].join(',')}`);
    const [id] = this.timers;
    this.now += 1000;
    return this.send({ type: 'timer', at: this.now, timerId: id! });
  }

  press(keys: string, gap = 200): IvrCommand[] {
    const out: IvrCommand[] = [];
    for (const digit of keys) {
      this.now += gap;
      out.push(...this.send({ type: 'digit', at: this.now, digit }));
    }
    return out;
  }

  /** Texts of the prompts played so far, in order. */
  spoken(): string[] {
    return this.all.flatMap((c) => (c.type === 'play' && c.prompt.kind === 'text' ? [c.prompt.text] : []));
  }

  keys(): Extract<IvrCommand, { type: 'recordKey' }>[] {
    return this.all.filter((c): c is Extract<IvrCommand, { type: 'recordKey' }> => c.type === 'recordKey');
  }

  private apply(commands: IvrCommand[]): void {
    this.last = actions(commands);
    for (const c of commands) {
      assert.ok(!this.hungUp, `command ${c.type} after hangup`);
      if (isReport(c)) {
        this.reports.push(c);
        continue;
      }
      this.all.push(c);
      switch (c.type) {
        case 'play':
          assert.equal(this.playing, null, 'play while another playback runs');
          this.playing = c.playbackId;
          break;
        case 'stopPlayback':
          assert.ok(this.playing, 'stopPlayback with nothing playing');
          this.playing = null;
          break;
        case 'startTimer':
          assert.ok(!this.timers.has(c.timerId), `timer id ${c.timerId} reused`);
          this.timers.add(c.timerId);
          break;
        case 'cancelTimer':
          assert.ok(this.timers.delete(c.timerId), `cancel of unknown timer ${c.timerId}`);
          break;
        case 'hangup':
          this.hungUp = true;
          break;
        case 'recordKey':
          break;
      }
    }
  }
}

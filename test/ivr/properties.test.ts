import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadFlowFile } from '../../src/app/flows/load-flow-file.ts';
import { startIvr, stepIvr, type IvrCommand, type IvrEvent, type IvrState } from '../../src/ivr/interpreter.ts';
import type { FlowDefinition } from '../../src/ivr/flow.ts';
import { SYSTEM } from './support/driver.ts';

const ROOT = join(import.meta.dirname, '../..');
const FLOWS = ['examples/demo/flows/4500.yaml', 'examples/flows/survey.yaml', 'test/fixtures/flows/quick-menu.yaml'].map((f) =>
  loadFlowFile(join(ROOT, f)),
);

/** An abstract event, resolved against the state it is sent to so that most ids are live. */
type Move =
  | { kind: 'digit'; digit: string }
  | { kind: 'done' }
  | { kind: 'timer' }
  | { kind: 'stalePlayback'; n: number }
  | { kind: 'staleTimer'; n: number };

const move: fc.Arbitrary<Move> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...'0123456789*#').map((digit) => ({ kind: 'digit' as const, digit })) },
  { weight: 3, arbitrary: fc.constant({ kind: 'done' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'timer' as const }) },
  { weight: 1, arbitrary: fc.nat(40).map((n) => ({ kind: 'stalePlayback' as const, n })) },
  { weight: 1, arbitrary: fc.nat(40).map((n) => ({ kind: 'staleTimer' as const, n })) },
);

function toEvent(m: Move, s: IvrState, at: number): IvrEvent {
  switch (m.kind) {
    case 'digit':
      return { type: 'digit', at, digit: m.digit };
    case 'done':
      return { type: 'playbackDone', at, playbackId: s.playbackId ?? 'p0' };
    case 'timer':
      return { type: 'timer', at, timerId: s.timerId ?? 't0' };
    case 'stalePlayback':
      return { type: 'playbackDone', at, playbackId: `p${m.n}` };
    case 'staleTimer':
      return { type: 'timer', at, timerId: `t${m.n}` };
  }
}

/** Checks the command stream as the app layer would run it. */
class Ledger {
  hangups = 0;
  readonly timers = new Set<string>();
  readonly started = new Set<string>();
  feed(commands: IvrCommand[], event?: IvrEvent): void {
    if (event?.type === 'timer') this.timers.delete(event.timerId);
    for (const c of commands) {
      assert.equal(this.hangups, 0, `${c.type} after hangup`);
      if (c.type === 'startTimer') {
        assert.ok(!this.started.has(c.timerId), `timer id ${c.timerId} reused`);
        this.started.add(c.timerId);
        this.timers.add(c.timerId);
      }
      if (c.type === 'cancelTimer') assert.ok(this.timers.delete(c.timerId), `cancel of unknown timer ${c.timerId}`);
      if (c.type === 'hangup') this.hangups++;
    }
  }
}

function runFlow(flow: FlowDefinition, moves: Move[]): { state: IvrState; ledger: Ledger; silentSteps: number } {
  const ledger = new Ledger();
  const started = startIvr(flow, { at: 0, variables: { parcel: 'P1', agent: 'Lin', name: 'Tom' }, uui: 'u', system: SYSTEM });
  let state = started.state;
  ledger.feed(started.commands);
  let at = 0;
  for (const m of moves) {
    const event = toEvent(m, state, (at += 100));
    const step = stepIvr(flow, state, event);
    ledger.feed(step.commands, event);
    state = step.state;
    assert.deepEqual(JSON.parse(JSON.stringify(state)), state, 'state is plain JSON data');
  }
  // Then the caller goes silent: prompts end and timers fire until the flow hangs up.
  let silentSteps = 0;
  while (state.end === null && silentSteps < 200) {
    const event: IvrEvent =
      state.playbackId !== null
        ? { type: 'playbackDone', at: (at += 100), playbackId: state.playbackId }
        : { type: 'timer', at: (at += 100), timerId: state.timerId ?? 'none' };
    const step = stepIvr(flow, state, event);
    ledger.feed(step.commands, event);
    state = step.state;
    silentSteps++;
  }
  return { state, ledger, silentSteps };
}

test('the example flows validate without warnings', () => {
  for (const flow of FLOWS) assert.deepEqual(flow.warnings, [], flow.file);
});

test('property: on the example flows the interpreter never throws and always reaches hangup', () => {
  fc.assert(
    fc.property(fc.constantFrom(...FLOWS), fc.array(move, { maxLength: 80 }), (flow, moves) => {
      const { state, ledger, silentSteps } = runFlow(flow, moves);
      assert.notEqual(state.end, null, `not finished after ${silentSteps} silent steps at ${state.nodeId}/${state.phase}`);
      assert.equal(ledger.hangups, 1, 'exactly one hangup');
      assert.equal(ledger.timers.size, 0, 'no timer is left running after hangup');
      assert.equal(state.playbackId, null);
    }),
    { numRuns: 1500 },
  );
});

test('property: while running, the state waits for exactly one thing (a playback or a timer)', () => {
  fc.assert(
    fc.property(fc.constantFrom(...FLOWS), fc.array(move, { maxLength: 60 }), (flow, moves) => {
      const started = startIvr(flow, { at: 0, variables: {}, uui: '', system: SYSTEM });
      let state = started.state;
      let at = 0;
      for (const m of moves) {
        state = stepIvr(flow, state, toEvent(m, state, (at += 50))).state;
        if (state.end === null)
          assert.equal((state.playbackId !== null ? 1 : 0) + (state.timerId !== null ? 1 : 0), 1, `${state.nodeId}/${state.phase}`);
      }
    }),
    { numRuns: 1000 },
  );
});

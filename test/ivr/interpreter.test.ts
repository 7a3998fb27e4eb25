import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowDefinition } from '../../src/ivr/flow.ts';
import { MAX_TRANSITIONS, isListening, startIvr, stepIvr, type IvrState } from '../../src/ivr/interpreter.ts';
import { Driver, SYSTEM, actions, flowOf } from './support/driver.ts';

const MENU = `
name: M
start: m
nodes:
  m:
    type: menu
    prompt: "Choose"
    options: { "1": done }
    onFailure: done
  done: { type: hangup }
`;

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

test('a playbackDone for a stopped playback is stale and ignored', () => {
  const d = new Driver(flowOf(MENU.replace('options: { "1": done }', 'options: { "1": done }\n    retries: 1')));
  d.press('7'); // invalid: stops p1, replays the prompt as p2
  const before = d.state;
  assert.deepEqual(d.send({ type: 'playbackDone', at: 1, playbackId: 'p1' }), []);
  assert.equal(d.state, before);
  assert.equal(isListening(d.state), false, 'the old playback did not start the timer');
});

test('a timer that was cancelled, or never started, is stale and ignored', () => {
  const d = new Driver(flowOf(MENU));
  d.finishPlayback(); // starts t2
  const listening = d.state;
  assert.deepEqual(d.send({ type: 'timer', at: 1, timerId: 't1' }), []);
  assert.deepEqual(d.send({ type: 'timer', at: 1, timerId: 't99' }), []);
  assert.equal(d.state, listening);
});

test('keys that are not DTMF are ignored', () => {
  const d = new Driver(flowOf(MENU));
  for (const digit of ['A', '', '12', 'x']) assert.deepEqual(d.send({ type: 'digit', at: 1, digit }), []);
  assert.equal(d.state.attempt, 0);
});

test('steps never mutate the state they are given, and the state survives a JSON round trip', () => {
  const flow = flowOf(MENU);
  const started = startIvr(flow, { at: 0, variables: { a: 'b' }, uui: 'u', system: SYSTEM });
  const s0 = deepFreeze(started.state);
  const s1 = deepFreeze(stepIvr(flow, s0, { type: 'playbackDone', at: 10, playbackId: 'p1' }).state);
  const s2 = stepIvr(flow, JSON.parse(JSON.stringify(s1)) as IvrState, { type: 'digit', at: 20, digit: '1' });
  assert.equal(s2.state.end, 'hangupNode');
  assert.deepEqual(JSON.parse(JSON.stringify(s2.state)), s2.state);
});

test('the same events give the same commands and ids (deterministic)', () => {
  const run = () => {
    const d = new Driver(flowOf(MENU));
    d.finishPlayback();
    d.fireTimer();
    d.finishPlayback();
    d.press('1');
    return d.all;
  };
  assert.deepEqual(run(), run());
});

const bare = (nodes: FlowDefinition['nodes'], start = 'a'): FlowDefinition => ({
  name: 'raw',
  start,
  nodes,
  file: 'raw',
  lines: {},
  warnings: [],
});

test('a flow that moves between nodes without ever waiting is stopped as a runaway', () => {
  // The validator refuses this loop; the guard protects flows built without it.
  const flow = bare({ a: { type: 'set', variables: {}, next: 'b' }, b: { type: 'set', variables: {}, next: 'a' } });
  const { state, commands } = startIvr(flow, { at: 0, variables: {}, uui: '', system: SYSTEM });
  assert.deepEqual(actions(commands), [{ type: 'hangup' }]);
  assert.equal(commands.filter((c) => c.type === 'nodeEntered').length, MAX_TRANSITIONS, 'every node it entered is reported');
  assert.equal(state.end, 'runaway');
  assert.ok(MAX_TRANSITIONS >= 100);
});

test('a state naming a node the flow no longer has ends the flow instead of throwing', () => {
  const flow = bare({ a: { type: 'play', prompt: { kind: 'text', text: 'x' }, next: 'gone' } });
  const started = startIvr(flow, { at: 0, variables: {}, uui: '', system: SYSTEM });
  const step = stepIvr(flow, started.state, { type: 'playbackDone', at: 1, playbackId: 'p1' });
  assert.deepEqual(step.commands, [{ type: 'hangup' }], 'a node that does not exist is not reported as entered');
  assert.equal(step.state.end, 'missingNode');
  const other = stepIvr(bare({}), { ...started.state }, { type: 'digit', at: 1, digit: '1' });
  assert.equal(other.state.end, 'missingNode');
});

test('ending the flow stops a running prompt and cancels the timer before hangup', () => {
  const d = new Driver(flowOf(MENU.replace('onFailure: done', 'retries: 0')));
  d.press('5'); // invalid during the prompt, no retries, no onFailure
  assert.deepEqual(
    d.last.map((c) => c.type),
    ['stopPlayback', 'hangup'],
  );
  assert.equal(d.state.end, 'inputFailed');
});

test('every node entered is reported before the node runs, with its label; a retry at the same node is not an entry', () => {
  const d = new Driver(
    flowOf(
      MENU.replace('prompt: "Choose"', 'label: main menu\n    prompt: "Choose"').replace(
        'onFailure: done',
        'retries: 1\n    onFailure: done',
      ),
    ),
  );
  assert.deepEqual(d.reports, [{ type: 'nodeEntered', nodeId: 'm', nodeType: 'menu', label: 'main menu' }]);
  const raw = startIvr(d.flow, { at: 0, variables: {}, uui: '', system: SYSTEM }).commands;
  assert.deepEqual(
    raw.map((c) => c.type),
    ['nodeEntered', 'play'],
    'the report comes first, then what the node does',
  );
  d.press('7'); // invalid: the menu asks again without being entered again
  d.press('1');
  assert.deepEqual(
    d.reports.map((r) => r.type === 'nodeEntered' && r.nodeId),
    ['m', 'done'],
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Driver, flowOf } from '../support/driver.ts';

const menu = (extra = '') => `
name: Menu
start: m
nodes:
  m:
    type: menu
    label: Main menu
    prompt: "Press 1 or 2, \${name}"
    options:
      "1": { next: one, label: first }
      "2": two
    timeoutSeconds: 4
    retries: 2
${extra}
  one: { type: hangup }
  two: { type: hangup }
  failed: { type: hangup, prompt: "bye" }
`;
const NOTICES = `    noInputPrompt: "I did not hear you"\n    invalidPrompt: "Not valid"\n    onFailure: failed`;

test('the input timer starts only when the prompt has finished', () => {
  const d = new Driver(flowOf(menu(NOTICES)), { variables: { name: 'Tom' } });
  assert.deepEqual(d.last, [{ type: 'play', playbackId: 'p1', prompt: { kind: 'text', text: 'Press 1 or 2, Tom' }, bargeIn: true }]);
  d.finishPlayback();
  assert.deepEqual(d.last, [{ type: 'startTimer', timerId: 't2', delayMs: 4000 }]);
});

test('a valid key barges into the prompt, is recorded with option and node labels, and is followed', () => {
  const d = new Driver(flowOf(menu(NOTICES)), { variables: { name: 'Tom' } });
  d.now = 700;
  const out = d.send({ type: 'digit', at: 700, digit: '1' });
  assert.deepEqual(out, [
    { type: 'stopPlayback' },
    { type: 'recordKey', key: '1', label: 'first', nodeLabel: 'Main menu', at: 700, ttsPrompt: 'Press 1 or 2, Tom' },
    { type: 'hangup' },
  ]);
  assert.equal(d.state.nodeId, 'one');
});

test('a key after the prompt cancels the timer; an option without label records no label', () => {
  const d = new Driver(flowOf(menu(NOTICES)));
  d.finishPlayback();
  const out = d.press('2');
  assert.deepEqual(
    out.map((c) => c.type),
    ['cancelTimer', 'recordKey', 'hangup'],
  );
  assert.equal('label' in out[1]!, false);
  assert.equal(d.state.nodeId, 'two');
});

test('no input plays the no-input notice, then the prompt again, then listens again', () => {
  const d = new Driver(flowOf(menu(NOTICES)));
  d.finishPlayback();
  d.fireTimer();
  assert.deepEqual(d.last, [{ type: 'play', playbackId: 'p3', prompt: { kind: 'text', text: 'I did not hear you' }, bargeIn: true }]);
  d.finishPlayback();
  assert.deepEqual(d.last, [{ type: 'play', playbackId: 'p4', prompt: { kind: 'text', text: 'Press 1 or 2, ' }, bargeIn: true }]);
  d.finishPlayback();
  assert.equal(d.last[0]!.type, 'startTimer');
  assert.equal(d.state.attempt, 1);
});

test('an invalid key plays the invalid notice; a key during the notice barges in and counts', () => {
  const d = new Driver(flowOf(menu(NOTICES)));
  d.press('9');
  assert.deepEqual(
    d.last.map((c) => c.type),
    ['stopPlayback', 'play'],
  );
  assert.deepEqual(d.spoken().at(-1), 'Not valid');
  d.press('1');
  assert.equal(d.state.nodeId, 'one');
  assert.deepEqual(
    d.keys().map((k) => k.key),
    ['1'],
    'the invalid key is not recorded',
  );
});

test('after 1 + retries failed attempts the flow goes to onFailure without another notice', () => {
  const d = new Driver(flowOf(menu(NOTICES)));
  d.press('9'); // attempt 1: invalid
  d.finishPlayback(); // notice
  d.finishPlayback(); // prompt
  d.fireTimer(); // attempt 2: no input
  d.finishPlayback();
  d.finishPlayback();
  d.press('#'); // attempt 3: invalid -> out of retries
  assert.equal(d.state.nodeId, 'failed');
  assert.deepEqual(d.spoken(), ['Press 1 or 2, ', 'Not valid', 'Press 1 or 2, ', 'I did not hear you', 'Press 1 or 2, ', 'bye']);
  assert.equal(d.keys().length, 0);
});

test('retries 0 and no onFailure: one silent attempt ends the flow as inputFailed', () => {
  const d = new Driver(flowOf(menu().replace('retries: 2', 'retries: 0')));
  d.finishPlayback();
  d.fireTimer();
  assert.deepEqual(d.last, [{ type: 'hangup' }]);
  assert.equal(d.state.end, 'inputFailed');
});

test('without notices a failed attempt simply asks again; the node id is the default node label', () => {
  const d = new Driver(flowOf(menu().replace('    label: Main menu\n', '')));
  d.finishPlayback();
  d.fireTimer();
  assert.deepEqual(d.spoken(), ['Press 1 or 2, ', 'Press 1 or 2, ']);
  d.press('1');
  assert.equal(d.keys()[0]!.nodeLabel, 'm');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { variablesOf } from '../../../src/ivr/interpreter.ts';
import { Driver, flowOf } from '../support/driver.ts';

const collect = (fields: string) => `
name: Collect
start: c
nodes:
  c:
    type: collect
    prompt: "Enter your code"
    variable: code
    timeoutSeconds: 8
    interDigitTimeoutSeconds: 3
    retries: 1
    invalidPrompt: "Wrong length"
    next: done
    onFailure: failed
${fields}
  done: { type: hangup, prompt: "Got \${code}" }
  failed: { type: hangup }
`;
const FOUR = '    minDigits: 4\n    maxDigits: 6\n    terminator: "#"';

test('the terminator ends input: the digits are stored and recorded as one key press', () => {
  const d = new Driver(flowOf(collect(FOUR)));
  d.finishPlayback();
  assert.deepEqual(d.last, [{ type: 'startTimer', timerId: 't2', delayMs: 8000 }]);
  d.press('1234');
  assert.deepEqual(d.timers.size, 1);
  assert.deepEqual(d.last, [
    { type: 'cancelTimer', timerId: 't5' },
    { type: 'startTimer', timerId: 't6', delayMs: 3000 },
  ]);
  d.press('#');
  assert.deepEqual(d.keys(), [{ type: 'recordKey', key: '1234', label: 'code', nodeLabel: 'c', at: d.now, ttsPrompt: 'Enter your code' }]);
  assert.equal(variablesOf(d.state).code, '1234');
  assert.deepEqual(d.spoken().at(-1), 'Got 1234');
  assert.deepEqual(d.reports, [
    { type: 'nodeEntered', nodeId: 'c', nodeType: 'collect' },
    { type: 'variableSet', name: 'code', value: '1234', nodeId: 'c' },
    { type: 'nodeEntered', nodeId: 'done', nodeType: 'hangup' },
  ]);
});

test('maxDigits ends input without the terminator', () => {
  const d = new Driver(flowOf(collect(FOUR)));
  d.press('123456');
  assert.equal(d.state.nodeId, 'done');
  assert.equal(d.keys()[0]!.key, '123456');
});

test('too few digits before the terminator is invalid: notice, digits reset, one retry, then onFailure', () => {
  const d = new Driver(flowOf(collect(FOUR)));
  d.press('12#');
  assert.equal(d.spoken().at(-1), 'Wrong length');
  assert.equal(d.state.digits, '');
  d.press('9#'); // barges into the notice; still too short; out of retries
  assert.equal(d.state.nodeId, 'failed');
  assert.equal(d.keys().length, 0);
  assert.equal(variablesOf(d.state).code, undefined);
});

test('the inter-digit timeout accepts input that has minDigits, and rejects input that has not', () => {
  const ok = new Driver(flowOf(collect(FOUR)));
  ok.finishPlayback();
  ok.press('12345');
  ok.fireTimer();
  assert.equal(variablesOf(ok.state).code, '12345');

  const short = new Driver(flowOf(collect(FOUR)));
  short.finishPlayback();
  short.press('12');
  short.fireTimer();
  assert.equal(short.spoken().at(-1), 'Wrong length');
  assert.equal(short.state.attempt, 1);
});

test('no first digit within timeoutSeconds is no input; without noInputPrompt the prompt is repeated', () => {
  const d = new Driver(flowOf(collect(FOUR)));
  d.finishPlayback();
  d.fireTimer();
  assert.deepEqual(d.spoken(), ['Enter your code', 'Enter your code']);
  d.finishPlayback();
  d.fireTimer();
  assert.equal(d.state.nodeId, 'failed');
});

test('defaults: 1 to 20 digits ended by #; * is collected like a digit', () => {
  const d = new Driver(flowOf(collect('')));
  d.press('*7#');
  assert.equal(variablesOf(d.state).code, '*7');
});

test('terminator none: # is collected like a digit and input ends by maxDigits or timeout', () => {
  const d = new Driver(flowOf(collect('    maxDigits: 3\n    terminator: none')));
  d.press('1#2');
  assert.equal(variablesOf(d.state).code, '1#2');
});

test('a collect without prompt listens at once', () => {
  const d = new Driver(flowOf(collect('').replace('    prompt: "Enter your code"\n', '')));
  assert.deepEqual(d.last, [{ type: 'startTimer', timerId: 't1', delayMs: 8000 }]);
  d.press('5#');
  assert.equal('ttsPrompt' in d.keys()[0]!, false);
});

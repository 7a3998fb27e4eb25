import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFinished } from '../../../src/ivr/interpreter.ts';
import { Driver, flowOf } from '../support/driver.ts';

test('hangup with a prompt plays it, ignores keys meanwhile, then ends the flow', () => {
  const d = new Driver(flowOf(`name: H\nstart: bye\nnodes:\n  bye: { type: hangup, prompt: "Goodbye \${UUI}" }\n`), { uui: 'order-7' });
  assert.deepEqual(d.last, [{ type: 'play', playbackId: 'p1', prompt: { kind: 'text', text: 'Goodbye order-7' } }]);
  assert.equal(isFinished(d.state), false);
  assert.deepEqual(d.press('5'), []);
  d.finishPlayback();
  assert.deepEqual(d.last, [{ type: 'hangup' }]);
  assert.equal(isFinished(d.state), true);
  assert.equal(d.keys().length, 0);
});

test('hangup without a prompt ends the flow at start, and nothing happens after', () => {
  const d = new Driver(flowOf(`name: H\nstart: bye\nnodes:\n  bye: { type: hangup }\n`));
  assert.deepEqual(d.last, [{ type: 'hangup' }]);
  const done = d.state;
  assert.deepEqual(d.send({ type: 'digit', at: 5, digit: '1' }), []);
  assert.deepEqual(d.send({ type: 'playbackDone', at: 5, playbackId: 'p1' }), []);
  assert.deepEqual(d.send({ type: 'timer', at: 5, timerId: 't1' }), []);
  assert.equal(d.state, done);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFlow } from '../../../src/ivr/loader.ts';
import { startIvr } from '../../../src/ivr/interpreter.ts';
import { Driver, SYSTEM, actions, flowOf } from '../support/driver.ts';

const FLOW = `
name: Play
start: hello
nodes:
  hello:
    type: play
    prompt: "Hello \${name}"
    next: bye
  bye:
    type: hangup
`;

test('play speaks its rendered prompt and moves on when the prompt ends', () => {
  const d = new Driver(flowOf(FLOW), { variables: { name: 'Tom' } });
  assert.deepEqual(d.last, [{ type: 'play', playbackId: 'p1', prompt: { kind: 'text', text: 'Hello Tom' } }]);
  assert.equal(d.state.nodeId, 'hello');
  d.finishPlayback();
  assert.deepEqual(d.last, [{ type: 'hangup' }]);
  assert.equal(d.state.end, 'hangupNode');
});

test('keys pressed during a play node are ignored and not recorded', () => {
  const d = new Driver(flowOf(FLOW));
  const before = d.state;
  assert.deepEqual(d.press('1#'), []);
  assert.equal(d.state, before);
  d.finishPlayback();
  assert.equal(d.keys().length, 0);
});

test('an audio prompt is what the edge resolved for it: its path and measured length', () => {
  const flow = parseFlow(
    `name: A\nstart: a\nnodes:\n  a: { type: play, prompt: { audio: sounds/hi.wav }, next: b }\n  b: { type: hangup }\n`,
    'f.yaml',
    { resolveAudio: (p) => ({ path: `/srv/flows/${p}`, exists: true, durationMs: 600 }) },
  );
  const { commands } = startIvr(flow, { at: 0, variables: {}, uui: '', system: SYSTEM });
  assert.deepEqual(actions(commands), [
    { type: 'play', playbackId: 'p1', prompt: { kind: 'audio', path: '/srv/flows/sounds/hi.wav', durationMs: 600 } },
  ]);
});

test('a text prompt may name a voice', () => {
  const d = new Driver(
    flowOf(`name: V\nstart: a\nnodes:\n  a: { type: play, prompt: { text: hi, voice: zh-female }, next: b }\n  b: { type: hangup }\n`),
  );
  assert.deepEqual(d.last, [{ type: 'play', playbackId: 'p1', prompt: { kind: 'text', text: 'hi', voice: 'zh-female' } }]);
});

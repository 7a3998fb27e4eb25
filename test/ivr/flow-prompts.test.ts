import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flowPrompts, literalTextPrompts } from '../../src/ivr/flow-prompts.ts';
import { flowOf } from './support/driver.ts';

test('every prompt of every node; the literal texts are those without a variable, escapes rendered', () => {
  const flow = flowOf(`name: P
start: m
nodes:
  m:
    type: menu
    prompt: { text: "请按一", voice: mandarin }
    options: { "1": bye }
    noInputPrompt: "Sorry \${name}"
    invalidPrompt: "Costs $\${5}"
    onFailure: bye
  say: { type: play, prompt: { audio: a.wav }, next: bye }
  bye: { type: hangup, prompt: "Goodbye." }
`);
  assert.deepEqual(
    flowPrompts(flow).map((p) => (p.kind === 'text' ? p.text : p.path)),
    ['请按一', 'Sorry ${name}', 'Costs $${5}', 'a.wav', 'Goodbye.'],
  );
  assert.deepEqual(literalTextPrompts(flow), [
    { kind: 'text', text: '请按一', voice: 'mandarin' },
    { kind: 'text', text: 'Costs ${5}' },
    { kind: 'text', text: 'Goodbye.' },
  ]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlowError, parseFlow } from '../../src/ivr/loader.ts';
import { validateFlow } from '../../src/ivr/validate.ts';
import { cyclicComponents } from '../../src/ivr/graph.ts';

function errorsOf(text: string) {
  try {
    parseFlow(text, 'f.yaml');
  } catch (err) {
    assert.ok(err instanceof FlowError, String(err));
    return err.issues;
  }
  assert.fail('expected a FlowError');
}

test('a loop of play/set nodes that never waits for a key is an error, on the first node of the loop', () => {
  const issues = errorsOf(`name: L
start: a
nodes:
  a: { type: play, prompt: one, next: b }
  b: { type: set, variables: { x: "1" }, next: c }
  c: { type: play, prompt: two, next: a }
`);
  assert.deepEqual(issues, [
    { file: 'f.yaml', path: 'nodes.a', line: 4, message: 'nodes a -> b -> c loop forever without waiting for a key' },
  ]);
});

test('a node that leads to itself is a loop too', () => {
  const issues = errorsOf('name: L\nstart: a\nnodes:\n  a: { type: play, prompt: again, next: a }\n');
  assert.equal(issues[0]!.message, 'nodes a loop forever without waiting for a key');
});

test('a loop through a menu option waits for the caller and is fine', () => {
  const flow = parseFlow(
    `name: L
start: a
nodes:
  a: { type: play, prompt: hi, next: m }
  m: { type: menu, prompt: "1 again", options: { "1": a, "2": bye }, onFailure: bye }
  bye: { type: hangup }
`,
    'f.yaml',
  );
  assert.deepEqual(flow.warnings, []);
});

test('a loop closed by onFailure repeats forever while the caller is silent: a warning', () => {
  const flow = parseFlow(
    `name: L
start: m
nodes:
  m: { type: menu, prompt: "press 1", options: { "1": bye }, onFailure: sorry }
  sorry: { type: play, prompt: "let us try again", next: m }
  bye: { type: hangup }
`,
    'f.yaml',
  );
  assert.deepEqual(flow.warnings, [
    { file: 'f.yaml', path: 'nodes.m', line: 4, message: 'nodes m -> sorry can repeat forever while the caller stays silent' },
  ]);
});

test('unreachable nodes are warnings with their line', () => {
  const flow = parseFlow('name: U\nstart: a\nnodes:\n  a: { type: hangup }\n  lost:\n    type: hangup\n', 'f.yaml');
  assert.deepEqual(flow.warnings, [{ file: 'f.yaml', path: 'nodes.lost', line: 5, message: 'node "lost" is unreachable from start "a"' }]);
});

test('missing targets of next, onFailure and options are all reported', () => {
  const issues = errorsOf(`name: T
start: m
nodes:
  m:
    type: menu
    prompt: x
    options: { "1": nope1 }
    onFailure: nope2
  c: { type: collect, variable: v, next: nope3 }
`);
  assert.deepEqual(
    issues.map((i) => [i.path, i.message]),
    [
      ['nodes.m.options.1.next', 'node "nope1" does not exist'],
      ['nodes.m.onFailure', 'node "nope2" does not exist'],
      ['nodes.c.next', 'node "nope3" does not exist'],
    ],
  );
});

test('bad option keys, variable names, digit ranges and node ids are errors', () => {
  const issues = errorsOf(`name: B
start: m
nodes:
  m: { type: menu, prompt: x, options: { "12": c, "A": c } }
  c: { type: collect, variable: SystemCode, minDigits: 5, maxDigits: 4, next: s }
  s: { type: set, variables: { UUI: x, "bad name": y }, next: "odd.id" }
  "odd.id": { type: hangup }
  e: { type: menu, prompt: x, options: {} }
`);
  assert.deepEqual(
    issues.map((i) => i.message),
    [
      'option "12" must be one key: 0-9, * or #',
      'option "A" must be one key: 0-9, * or #',
      'variable "SystemCode" is a system variable and cannot be set',
      'minDigits (5) is more than maxDigits (4)',
      'variable "UUI" is a system variable and cannot be set',
      'variable "bad name" must be 1-64 letters, digits or _',
      'node id "odd.id" may use only letters, digits, _ and -',
      'a menu needs at least one option',
    ],
  );
});

test('an unterminated ${ is a warning; audio existence is checked only when the edge resolves audio', () => {
  const text =
    'name: W\nstart: a\nnodes:\n  a: { type: play, prompt: "cost ${price", next: b }\n  b: { type: hangup, prompt: { audio: x.wav } }\n';
  const flow = parseFlow(text, 'f.yaml');
  assert.equal(flow.warnings.length, 1);
  assert.equal(flow.warnings[0]!.path, 'nodes.a.prompt');
  assert.deepEqual(validateFlow(flow).errors, []);
  assert.throws(
    () => parseFlow(text, 'f.yaml', { resolveAudio: (p) => ({ path: p, exists: p !== 'x.wav' }) }),
    (err: unknown) =>
      err instanceof FlowError &&
      JSON.stringify(err.issues) ===
        JSON.stringify([{ file: 'f.yaml', line: 5, path: 'nodes.b.prompt.audio', message: 'audio file "x.wav" not found' }]),
  );
});

test('cycle finding handles long chains without recursion and finds exactly the cycles', () => {
  const n = 50_000;
  const ids = Array.from({ length: n }, (_, i) => `n${i}`);
  const next = (id: string) => {
    const i = Number(id.slice(1));
    return i + 1 < n ? [`n${i + 1}`] : ['n49990'];
  };
  const cycles = cyclicComponents(ids, next);
  assert.equal(cycles.length, 1);
  assert.equal(cycles[0]!.length, 10);
});

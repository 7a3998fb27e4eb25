import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlowError, parseFlow } from '../../src/ivr/loader.ts';
import { loadFlowFile } from '../../src/app/flows/load-flow-file.ts';

const GOOD = `name: Delivery
start: welcome
nodes:
  welcome:
    type: play
    prompt: "Hello"
    next: menu
  menu:
    type: menu
    label: Confirm
    prompt: { text: "Press 1" }
    options:
      "1": { next: thanks, label: confirmed }
      "2": thanks
    onFailure: thanks
  thanks:
    type: hangup
`;

function issuesOf(text: string, file = 'flows/4500.yaml') {
  try {
    parseFlow(text, file);
  } catch (err) {
    assert.ok(err instanceof FlowError, String(err));
    return err;
  }
  assert.fail('expected a FlowError');
}

test('a valid flow loads with defaults filled in and prompts normalized', () => {
  const flow = parseFlow(GOOD, 'flows/4500.yaml');
  assert.deepEqual(Object.keys(flow.nodes), ['welcome', 'menu', 'thanks']);
  const menu = flow.nodes.menu!;
  assert.equal(menu.type, 'menu');
  if (menu.type !== 'menu') return;
  assert.equal(menu.timeoutSeconds, 5);
  assert.equal(menu.retries, 2);
  assert.deepEqual(menu.prompt, { kind: 'text', text: 'Press 1' });
  assert.deepEqual(menu.options['2'], { next: 'thanks' });
  assert.deepEqual(flow.warnings, []);
  assert.equal(flow.lines['nodes.menu.options.1.next'], 13);
});

test('a missing target is reported as file:line: path: reason', () => {
  const err = issuesOf(GOOD.replace('{ next: thanks, label: confirmed }', '{ next: thankz, label: confirmed }'));
  assert.equal(err.message, 'flows/4500.yaml:13: nodes.menu.options.1.next: node "thankz" does not exist');
  assert.deepEqual(err.issues, [
    { file: 'flows/4500.yaml', path: 'nodes.menu.options.1.next', line: 13, message: 'node "thankz" does not exist' },
  ]);
});

test('an unknown key is reported at its own line', () => {
  const err = issuesOf(GOOD.replace('    onFailure: thanks', '    onFailure: thanks\n    timeout: 5'));
  assert.deepEqual(err.issues, [{ file: 'flows/4500.yaml', path: 'nodes.menu.timeout', line: 16, message: 'unknown key "timeout"' }]);
});

test('a wrong type names the key and line; a missing key points at its node', () => {
  const err = issuesOf(GOOD.replace('    label: Confirm\n', '    label: Confirm\n    retries: many\n').replace('    next: menu\n', ''));
  const byPath = new Map(err.issues.map((i) => [i.path, i]));
  assert.equal(byPath.get('nodes.welcome.next')?.line, 4);
  assert.equal(byPath.get('nodes.welcome.next')?.message, 'is required');
  assert.equal(byPath.get('nodes.menu.retries')?.line, 10);
  assert.match(byPath.get('nodes.menu.retries')!.message, /expected number/);
});

test('an unknown node type and a malformed prompt say what is allowed', () => {
  const err = issuesOf(GOOD.replace('type: play', 'type: speak').replace('prompt: { text: "Press 1" }', 'prompt: { txt: "Press 1" }'));
  const byPath = new Map(err.issues.map((i) => [i.path, i]));
  assert.equal(byPath.get('nodes.welcome.type')?.message, 'type must be one of play, menu, collect, set, hangup');
  assert.equal(byPath.get('nodes.welcome.type')?.line, 5);
  assert.equal(byPath.get('nodes.menu.prompt')?.message, 'a prompt is a text string, { text, voice? } or { audio: file }');
  assert.equal(byPath.get('nodes.menu.prompt')?.line, 11);
});

test('YAML syntax errors, duplicate keys and empty files carry a line', () => {
  const syntax = issuesOf('name: x\nstart: a\nnodes:\n  a: { type: hangup\n');
  assert.match(syntax.message, /^flows\/4500\.yaml:\d+: YAML syntax: /);
  assert.ok(syntax.issues[0]!.line! >= 4);
  const dup = issuesOf(GOOD.replace('    next: menu\n', '    next: menu\n    next: thanks\n'));
  assert.equal(dup.issues[0]!.line, 8);
  assert.equal(issuesOf('# nothing\n').message, 'flows/4500.yaml:1: the file is empty');
});

test('every problem of a file is reported at once', () => {
  const err = issuesOf(GOOD.replace('start: welcome', 'start: nowhere').replace('"2": thanks', '"2": gone'));
  assert.deepEqual(
    err.issues.map((i) => `${i.line}: ${i.message}`),
    ['2: node "nowhere" does not exist', '14: node "gone" does not exist'],
  );
});

test('loadFlowFile resolves audio against the file and refuses a missing audio file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'openccc-flow-'));
  try {
    mkdirSync(join(dir, 'sounds'));
    writeFileSync(join(dir, 'sounds', 'hi.wav'), 'RIFF');
    const text = 'name: A\nstart: a\nnodes:\n  a:\n    type: hangup\n    prompt: { audio: sounds/hi.wav }\n';
    writeFileSync(join(dir, 'ok.yaml'), text);
    const flow = loadFlowFile(join(dir, 'ok.yaml'));
    assert.deepEqual(flow.nodes.a, { type: 'hangup', prompt: { kind: 'audio', path: join(dir, 'sounds', 'hi.wav') } });

    writeFileSync(join(dir, 'bad.yaml'), text.replace('hi.wav', 'missing.wav'));
    assert.throws(
      () => loadFlowFile(join(dir, 'bad.yaml')),
      (err: unknown) =>
        err instanceof FlowError && err.issues[0]!.line === 6 && /audio file ".*missing\.wav" not found/.test(err.issues[0]!.message),
    );
    assert.throws(
      () => loadFlowFile(join(dir, 'absent.yaml')),
      (err: unknown) => err instanceof FlowError && /cannot read flow file/.test(err.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

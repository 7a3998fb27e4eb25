import { test } from 'node:test';
import assert from 'node:assert/strict';
import { variablesOf } from '../../../src/ivr/interpreter.ts';
import { Driver, flowOf } from '../support/driver.ts';

const FLOW = `
name: Set
start: s
nodes:
  s:
    type: set
    variables:
      greeting: "hi \${name} from \${SystemCallerNumber} to \${SystemCalleeNumber} in \${SystemSessionId} (\${UUI})"
      name: "Ann"
      copy: "\${name}"
      count: 3
      missing: "[\${nobody}]"
    next: say
  say:
    type: hangup
    prompt: "\${greeting} / \${copy} / \${count} / \${missing} / $\${name}"
`;

test('set renders values from request variables, UUI and system variables, then moves on at once', () => {
  const d = new Driver(flowOf(FLOW), { variables: { name: 'Tom' }, uui: 'u-1' });
  assert.deepEqual(d.spoken(), ['hi Tom from 008610000000001 to 008613800000000 in sess-1 (u-1) / Tom / 3 / [] / ${name}']);
  const vars = variablesOf(d.state);
  assert.equal(vars.name, 'Ann', 'set overrides a request variable');
  assert.equal(vars.copy, 'Tom', 'values see the variables as they were before the node');
  assert.equal(vars.count, '3', 'a YAML number is stored as a string');
  assert.equal(vars.UUI, 'u-1');
  assert.equal(vars.SystemSessionId, 'sess-1');
});

test('a request variable can not shadow a system variable', () => {
  const d = new Driver(flowOf(FLOW), { variables: { SystemCallerNumber: 'spoofed', UUI: 'spoofed' }, uui: 'real' });
  assert.match(d.spoken()[0]!, /from 008610000000001 .*\(real\)/);
});

test('set reports each variable it stores, with the node, after reporting that it entered the node', () => {
  const d = new Driver(flowOf(FLOW), { variables: { name: 'Tom' }, uui: 'u-1' });
  assert.deepEqual(d.reports.slice(0, 3), [
    { type: 'nodeEntered', nodeId: 's', nodeType: 'set' },
    { type: 'variableSet', name: 'greeting', value: 'hi Tom from 008610000000001 to 008613800000000 in sess-1 (u-1)', nodeId: 's' },
    { type: 'variableSet', name: 'name', value: 'Ann', nodeId: 's' },
  ]);
  assert.deepEqual(
    d.reports.map((r) => (r.type === 'variableSet' ? r.name : r.nodeId)),
    ['s', 'greeting', 'name', 'copy', 'count', 'missing', 'say'],
  );
  const count = d.reports.find((r) => r.type === 'variableSet' && r.name === 'count');
  assert.equal(count?.type === 'variableSet' && count.value, '3');
});

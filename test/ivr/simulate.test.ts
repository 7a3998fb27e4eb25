import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadFlowFile } from '../../src/app/flows/load-flow-file.ts';
import { simulate } from '../../src/ivr/simulate.ts';
import { flowOf } from './support/driver.ts';

const ROOT = join(import.meta.dirname, '../..');
const demo = () => loadFlowFile(join(ROOT, 'examples/demo/flows/4500.yaml'));

test('the demo flow with digit 1: greeting, menu, key pressed when asked, thanks, hangup', () => {
  const r = simulate(demo(), { digits: '1', variables: { parcel: 'SF1234' } });
  const greeting = 'Hello, this is Express Post with a delivery notice for 008612300000000. Your parcel SF1234 arrives today.';
  const menu = 'Press 1 to confirm the delivery, or 2 to choose another day.';
  const thanks = 'Thank you. Your parcel will be delivered today. Goodbye.';
  const g = greeting.length * 70;
  const m = g + menu.length * 70;
  assert.deepEqual(r.transcript, [
    { atMs: 0, what: `play "${greeting}" (${greeting.length * 70} ms)` },
    { atMs: g, what: `play "${menu}" (${menu.length * 70} ms)` },
    { atMs: m, what: 'wait for a key, up to 5000 ms' },
    { atMs: m + 300, what: 'caller presses 1' },
    { atMs: m + 300, what: 'record key "1" label "confirmed" at node "Confirm delivery"' },
    { atMs: m + 300, what: `play "${thanks}" (${thanks.length * 70} ms)` },
    { atMs: m + 300 + thanks.length * 70, what: 'hangup (hangupNode)' },
  ]);
  assert.deepEqual(r.keyPresses, [{ key: '1', label: 'confirmed', nodeLabel: 'Confirm delivery', atMs: m + 300, ttsPrompt: menu }]);
  assert.equal(r.variables.deliveryStatus, 'confirmed');
  assert.equal(r.finished, true);
  assert.equal(r.endReason, 'hangupNode');
  assert.equal(r.unusedDigits, '');
  assert.equal(r.durationMs, m + 300 + thanks.length * 70);
});

test('rescheduling through the collect node stores the date; keys the flow never hears are reported', () => {
  const r = simulate(demo(), { digits: '20412#9' });
  assert.deepEqual(
    r.keyPresses.map((k) => [k.key, k.label]),
    [
      ['2', 'reschedule'],
      ['0412', 'newDate'],
    ],
  );
  assert.equal(r.variables.deliveryStatus, 'rescheduled to 0412');
  assert.equal(r.unusedDigits, '#9');
});

test('keys on an explicit schedule barge in and can be ignored by play nodes', () => {
  const r = simulate(demo(), { digits: '51', digitTimesMs: [1000, 8000] });
  const lines = r.transcript.map((t) => `${t.atMs} ${t.what}`);
  assert.ok(lines.includes('1000 caller presses 5 (ignored)'), lines.join('\n'));
  assert.ok(lines.includes('8000 caller presses 1'));
  assert.ok(lines.includes('8000 prompt interrupted'));
  assert.equal(r.keyPresses[0]!.atMs, 8000);
});

test('played: the timeline of prompts as heard, cut where a key interrupts, timed by promptMs when given', () => {
  const r = simulate(demo(), { digits: '1', digitTimesMs: [8000], promptMs: (p) => (p.kind === 'text' ? p.text.length * 10 : 0) });
  assert.deepEqual(
    r.played.map((p) => [p.atMs, p.durationMs, p.endMs, p.interrupted]),
    [
      [0, 990, 990, false],
      [990, 600, 1590, false],
      [6590, 260, 6850, false], // no key within 5 s: "Sorry, I did not hear you."
      [6850, 600, 7450, false],
      [8000, 560, 8560, false],
    ],
  );
  const cut = simulate(demo(), { digits: '1', digitTimesMs: [8000] });
  const menu = cut.played[1]!;
  assert.deepEqual([menu.atMs, menu.endMs, menu.interrupted], [6930, 8000, true], 'the key barges into the menu prompt');
  assert.equal(cut.played[2]!.atMs, 8000);
});

test('a silent caller hears the retries and the failure branch', () => {
  const r = simulate(demo(), {});
  assert.equal(r.keyPresses.length, 0);
  assert.equal(r.transcript.filter((t) => t.what.startsWith('timeout')).length, 3);
  assert.match(r.transcript.at(-2)!.what, /We will try again later/);
});

test('a flow that does not end in time is reported as unfinished', () => {
  const loop = flowOf(`name: Nag
start: m
nodes:
  m: { type: menu, prompt: "press 1", options: { "1": bye }, retries: 0, onFailure: again }
  again: { type: play, prompt: "once more", next: m }
  bye: { type: hangup }
`);
  const r = simulate(loop, { maxMs: 60_000 });
  assert.equal(r.finished, false);
  assert.equal(r.endReason, null);
  assert.match(r.transcript.at(-1)!.what, /still running after 60000 ms/);
});

test('bad input is refused before anything runs', () => {
  assert.throws(() => simulate(demo(), { digits: '1x' }), /may contain only 0-9, \* and #/);
  assert.throws(() => simulate(demo(), { digits: '12', digitTimesMs: [5] }), /1 key times given for 2 digits/);
  assert.throws(() => simulate(demo(), { digits: '12', digitTimesMs: [5, 1] }), /increasing order/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32, pickWeighted } from '../../../src/telephony/sim/seeded-random.ts';
import { simWorld, textOf, type SimConfigInput } from './support/sim-harness.ts';

const mixed = (seed: number): SimConfigInput => ({
  seed,
  defaultOutcome: {
    kind: 'random',
    choices: [
      { weight: 4, outcome: { kind: 'answer', ringSeconds: 2, digits: '1', hangupAfterSeconds: 10 } },
      { weight: 2, outcome: { kind: 'busy' } },
      { weight: 2, outcome: { kind: 'noAnswer' } },
      { weight: 2, outcome: { kind: 'reject', ringSeconds: 4 } },
    ],
  },
  outcomes: [{ match: '+8613700000000', outcome: { kind: 'answer', ringSeconds: 3, digits: '1#', hangupAfterSeconds: 20 } }],
});

/** Forty calls placed over time, each with an IVR that plays a prompt on answer. */
function scenario(config: SimConfigInput) {
  const w = simWorld(config);
  for (let i = 0; i < 40; i++) {
    w.clock.setTimer(i * 700, () => {
      w.dial(i % 10 === 0 ? '+8613700000000' : `+86138000000${String(i).padStart(2, '0')}`, {
        maxRingMs: 20_000,
        react: (e, leg) => e.type === 'answered' && leg.play(`hello-${i}`, textOf(1050)),
      });
    });
  }
  w.clock.runAll();
  return w;
}

test('two runs of the same config and dials give identical event logs, to the millisecond', () => {
  const a = scenario(mixed(42));
  const b = scenario(mixed(42));
  assert.deepEqual(a.heard, b.heard);
  assert.ok(a.heard.length > 100);
  assert.equal(a.clock.pendingTimers(), 0);
  const kinds = new Set(a.heard.map((h) => (h.event.type === 'failed' ? `failed ${h.event.endStatus}` : h.event.type)));
  for (const k of ['answered', 'failed 206', 'failed 202', 'failed 203', 'dtmf', 'playbackDone', 'hangup'])
    assert.ok(kinds.has(k), `the mix produced ${k}`);
});

test('another seed draws other outcomes', () => {
  assert.notDeepEqual(scenario(mixed(1)).heard, scenario(mixed(2)).heard);
});

test('mulberry32 is repeatable, stays in [0, 1), and weights shape the picks', () => {
  const r1 = mulberry32(7);
  const r2 = mulberry32(7);
  const xs = Array.from({ length: 10_000 }, () => r1());
  assert.deepEqual(
    xs.slice(0, 20),
    Array.from({ length: 20 }, () => r2()),
  );
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const items = [
    { weight: 3, id: 'a' },
    { weight: 1, id: 'b' },
  ];
  const share = xs.filter((x) => pickWeighted(items, x).id === 'a').length / xs.length;
  assert.ok(share > 0.72 && share < 0.78, `share of a: ${share}`);
});

test('pickWeighted splits [0, 1) by weight, edges included', () => {
  const items = [
    { weight: 1, id: 'a' },
    { weight: 3, id: 'b' },
  ];
  assert.deepEqual(
    [0, 0.2499, 0.25, 0.9999999].map((r) => pickWeighted(items, r).id),
    ['a', 'a', 'b', 'b'],
  );
  assert.throws(() => pickWeighted([], 0.5), RangeError);
});

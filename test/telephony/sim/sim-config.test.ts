import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { simCarrierConfigSchema } from '../../../src/telephony/sim/sim-config.ts';

const issues = (input: unknown) =>
  simCarrierConfigSchema.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

test('an empty config gets the documented defaults', () => {
  assert.deepEqual(simCarrierConfigSchema.parse({}), {
    maxConcurrentCalls: 10_000,
    defaultOutcome: { kind: 'answer', ringSeconds: 2, digits: '1', digitDelaySeconds: 1, digitIntervalSeconds: 1, hangupAfterSeconds: 120 },
    outcomes: [],
    audioPromptSeconds: 3,
    transferSeconds: 1,
    inbound: [],
  });
});

test('each kind gets its own default ring time', () => {
  const cfg = simCarrierConfigSchema.parse({
    outcomes: ['busy', 'reject', 'voicemail', 'powerOff', 'noAnswer', 'answer'].map((kind, i) => ({
      match: `+8613900000${i}`,
      outcome: { kind },
    })),
  });
  assert.deepEqual(
    cfg.outcomes.map((r) => r.outcome),
    [
      { kind: 'busy', ringSeconds: 0 },
      { kind: 'reject', ringSeconds: 3 },
      { kind: 'voicemail', ringSeconds: 15 },
      { kind: 'powerOff', ringSeconds: 0 },
      { kind: 'noAnswer' },
      { kind: 'answer', ringSeconds: 2, digits: '', digitDelaySeconds: 1, digitIntervalSeconds: 1 },
    ],
  );
});

test('unknown keys are rejected at every level, naming the key', () => {
  assert.deepEqual(issues({ maxCalls: 3 }), [': Unrecognized key: "maxCalls"']);
  assert.deepEqual(issues({ defaultOutcome: { kind: 'busy', digits: '1' } }), ['defaultOutcome: Unrecognized key: "digits"']);
  assert.deepEqual(issues({ outcomes: [{ match: '+861', outcome: { kind: 'noAnswer', ringSeconds: 5 } }] }), [
    'outcomes.0.outcome: Unrecognized key: "ringSeconds"',
  ]);
});

test('bad values are rejected with the key that holds them', () => {
  assert.match(
    issues({ outcomes: [{ match: '8613900000001', outcome: { kind: 'busy' } }] })[0]!,
    /^outcomes\.0\.match: a callee pattern is E\.164/,
  );
  assert.match(issues({ outcomes: [{ match: '+861', outcome: { kind: 'hold' } }] })[0]!, /^outcomes\.0\.outcome\.kind: /);
  assert.match(issues({ defaultOutcome: { kind: 'answer', digits: '1a' } })[0]!, /^defaultOutcome\.digits: digits may contain only/);
  assert.match(issues({ defaultOutcome: { kind: 'reject', ringSeconds: -1 } })[0]!, /^defaultOutcome\.ringSeconds: /);
  assert.match(issues({ maxConcurrentCalls: 0 })[0]!, /^maxConcurrentCalls: /);
  assert.match(issues({ maxConcurrentCalls: 1.5 })[0]!, /^maxConcurrentCalls: /);
});

test('kind random needs a seed, wherever it is used', () => {
  const random = { kind: 'random', choices: [{ weight: 1, outcome: { kind: 'busy' } }] };
  assert.deepEqual(issues({ defaultOutcome: random, outcomes: [{ match: '+86*', outcome: random }] }), [
    'defaultOutcome.kind: kind random needs a top-level seed, so every run draws the same outcomes',
    'outcomes.0.outcome.kind: kind random needs a top-level seed, so every run draws the same outcomes',
  ]);
  assert.deepEqual(issues({ seed: 7, defaultOutcome: random }), []);
  assert.match(issues({ seed: 7, defaultOutcome: { kind: 'random', choices: [] } })[0]!, /^defaultOutcome\.choices: /);
  assert.match(
    issues({ seed: 7, defaultOutcome: { kind: 'random', choices: [{ weight: 1, outcome: random }] } })[0]!,
    /^defaultOutcome\.choices\.0\.outcome\.kind: /,
    'no nested random',
  );
});

test("the demo world's carrier.sim is valid under this schema", () => {
  const world = parse(readFileSync(new URL('../../../examples/demo/world.yaml', import.meta.url), 'utf8')) as { carrier: { sim: unknown } };
  assert.deepEqual(issues(world.carrier.sim), []);
});

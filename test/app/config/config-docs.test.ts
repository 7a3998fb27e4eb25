import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { worldConfigSchema } from '../../../src/app/config/schema.ts';

/**
 * The docs name exactly the keys of the world config schema, as Fastify's docs name exactly its
 * error codes. The convention the docs follow, and this test reads:
 * - a heading that documents keys names their parent path(s) in backticks, from the root, with
 *   `[]` for a list item: `## \`server\``, `### \`apps[].numbers[]\``; a heading with several
 *   paths documents the same keys under each;
 * - under such a heading, each table row whose first cell is a backticked key documents
 *   `<path>.<key>` (a key may itself be a short path: `choices[].weight`);
 * - a heading path also documents that key itself (`apps[]` documents `apps`);
 * - tables under a heading that names no path are not key tables (outcome kinds, rule order).
 * docs/config.md documents everything but the keys below `carrier.sim` (docs/carrier-sim.md) and
 * below `apps[].outboundRules` (docs/outbound-rules.md); the keys below `carrier.sip` are in both
 * docs/config.md (a list) and docs/sip.md (the explanation).
 */

const root = resolve(import.meta.dirname, '../../..');
const DOCS = [
  { file: 'docs/config.md', owns: (k: string) => !k.startsWith('carrier.sim.') && !k.startsWith('apps[].outboundRules.') },
  { file: 'docs/carrier-sim.md', owns: (k: string) => k === 'carrier.sim' || k.startsWith('carrier.sim.') },
  { file: 'docs/outbound-rules.md', owns: (k: string) => k === 'apps[].outboundRules' || k.startsWith('apps[].outboundRules.') },
  // The SIP trunk's keys are listed in config.md and explained in sip.md: both name every one.
  { file: 'docs/sip.md', owns: (k: string) => k === 'carrier.sip' || k.startsWith('carrier.sip.') },
];

type Def = { type: string; [k: string]: unknown };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

/** Every key path of a schema: unwraps wrappers and unions to reach each object's shape. */
export function keyPaths(schema: z.ZodType, prefix = '', out = new Set<string>()): Set<string> {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return keyPaths(def.innerType as z.ZodType, prefix, out);
    case 'pipe':
      keyPaths(def.in as z.ZodType, prefix, out);
      return keyPaths(def.out as z.ZodType, prefix, out);
    case 'union':
      for (const o of def.options as z.ZodType[]) keyPaths(o, prefix, out);
      return out;
    case 'array':
      return keyPaths(def.element as z.ZodType, `${prefix}[]`, out);
    case 'record':
      // Free keys (e.g. limits.actions: action name -> rate): only the record itself is documented.
      return out;
    case 'object':
      for (const [key, value] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        const path = prefix ? `${prefix}.${key}` : key;
        out.add(path);
        keyPaths(value, path, out);
      }
      return out;
    default:
      return out;
  }
}

const PATH = /^[A-Za-z][A-Za-z0-9]*(\[\])?(\.[A-Za-z][A-Za-z0-9]*(\[\])?)*$/;

/** The key paths one document names, by the convention above. */
export function documentedKeys(markdown: string): { keys: Set<string>; malformed: string[] } {
  const keys = new Set<string>();
  const malformed: string[] = [];
  let parents: string[] = [];
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    if (inFence) continue;
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      parents = [...heading[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      for (const p of parents) {
        if (!PATH.test(p)) malformed.push(`heading path ${p}`);
        keys.add(p.replace(/\[\]$/, ''));
      }
      continue;
    }
    const row = /^\|\s*`([^`]+)`\s*\|/.exec(line);
    if (row && parents.length > 0) {
      const key = row[1]!;
      if (!PATH.test(key)) malformed.push(`row key ${key} under ${parents.join(', ')}`);
      for (const p of parents) {
        keys.add(`${p}.${key}`);
        // A row `choices[].weight` documents `choices` too.
        const parts = key.split('.');
        for (let i = 1; i < parts.length; i++) keys.add(`${p}.${parts.slice(0, i).join('.')}`.replace(/\[\]$/, ''));
      }
    }
  }
  return { keys, malformed };
}

const schemaKeys = keyPaths(worldConfigSchema);

test('the schema walk reaches nested, listed, defaulted and union keys', () => {
  for (const k of [
    'server.listen',
    'apps[].numbers[].inboundIvrId',
    'apps[].outboundRules.workTime.windows[].from',
    'carrier.sim.inbound[].caller',
    'carrier.sim.defaultOutcome.ringSeconds',
    'carrier.sim.outcomes[].outcome.choices[].outcome.digits',
    'carrier.sip.transport',
    'storage.postgres',
    'limits.actions',
  ])
    assert.ok(schemaKeys.has(k), k);
  assert.ok(schemaKeys.size > 60, `only ${schemaKeys.size} keys`);
});

test('the convention reader: heading paths, row keys, several paths per heading, nothing outside a path section', () => {
  const md = [
    '# Intro `a`',
    '## Things `b[]`, `c.d`',
    '| key | meaning |',
    '| --- | --- |',
    '| `x` | ... |',
    '| `y[].z` | ... |',
    '```yaml',
    '| `fenced` | ignored |',
    '```',
    '## Kinds',
    '| `answer` | not a key |',
  ].join('\n');
  assert.deepEqual([...documentedKeys(md).keys].sort(), ['a', 'b', 'b[].x', 'b[].y', 'b[].y[].z', 'c.d', 'c.d.x', 'c.d.y', 'c.d.y[].z']);
  assert.deepEqual(documentedKeys('## `not a path`').malformed, ['heading path not a path']);
});

for (const doc of DOCS) {
  test(`${doc.file} names only keys of the schema it owns, by the convention`, () => {
    const { keys, malformed } = documentedKeys(readFileSync(resolve(root, doc.file), 'utf8'));
    assert.deepEqual(malformed, []);
    const unknown = [...keys].filter((k) => !schemaKeys.has(k));
    assert.deepEqual(unknown, [], 'documented keys the schema lacks');
    const foreign = [...keys].filter((k) => !doc.owns(k));
    assert.deepEqual(foreign, [], `keys ${doc.file} does not own (they belong in another document)`);
  });
}

test('every key of the schema is documented in the document that owns it', () => {
  const documented = DOCS.map((d) => ({ ...d, keys: documentedKeys(readFileSync(resolve(root, d.file), 'utf8')).keys }));
  const missing: string[] = [];
  for (const k of schemaKeys) {
    // The root of a delegated part (carrier.sim, apps[].outboundRules) may be named in either document.
    const owners = documented.filter((d) => d.owns(k));
    if (!owners.some((d) => d.keys.has(k))) missing.push(`${k} (${owners.map((d) => d.file).join(' or ')})`);
  }
  assert.deepEqual(missing, []);
});

test('docs/config.md and docs/sip.md both name every key below carrier.sip', () => {
  const sipKeys = [...schemaKeys].filter((k) => k.startsWith('carrier.sip.'));
  assert.ok(sipKeys.length >= 20, `only ${sipKeys.length} carrier.sip keys`);
  for (const file of ['docs/config.md', 'docs/sip.md']) {
    const { keys } = documentedKeys(readFileSync(resolve(root, file), 'utf8'));
    assert.deepEqual(
      sipKeys.filter((k) => !keys.has(k)),
      [],
      `${file} misses these`,
    );
  }
});

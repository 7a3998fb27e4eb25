import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { LAYERS, renderMatrixTable } from './layer-matrix.ts';

const root = join(import.meta.dirname, '../..');
const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');

/** The lines between `<!-- name:begin ... -->` and `<!-- name:end -->`. */
function block(name: string): string {
  const begin = doc.indexOf(`<!-- ${name}:begin`);
  const end = doc.indexOf(`<!-- ${name}:end -->`);
  assert.ok(begin >= 0 && end > begin, `docs/architecture.md has its ${name} markers`);
  return doc.slice(doc.indexOf('\n', begin) + 1, end).trim();
}

function foldersUnder(dir: string): string[] {
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .filter((p) => statSync(p).isDirectory())
    .flatMap((p) => [p, ...foldersUnder(p)]);
}

test('docs/architecture.md carries exactly the import matrix of layer-matrix.ts', () => {
  const expected = renderMatrixTable();
  assert.equal(block('import-matrix'), expected, `paste this table between the import-matrix markers:\n${expected}`);
});

test('the folder tour names every folder of src/, and only folders that exist or are planned layers', () => {
  const src = join(root, 'src');
  const onDisk = foldersUnder(src).map((p) => `${relative(src, p).split(sep).join('/')}/`);
  const toured = [...block('folder-tour').matchAll(/^- `([a-z0-9/-]+\/)`( \(planned\))?/gm)];
  const names = toured.map((m) => m[1]!);
  assert.deepEqual(
    onDisk.filter((f) => !names.includes(f)),
    [],
    'folders missing from the tour',
  );
  for (const [, folder, planned] of toured) {
    const exists = existsSync(join(src, folder!));
    if (planned) {
      assert.ok(!exists, `${folder} exists now: drop its "(planned)"`);
      assert.ok((LAYERS as readonly string[]).includes(folder!.slice(0, -1)), `${folder} is planned but no layer of the matrix`);
    } else assert.ok(exists, `${folder} is toured but is not under src/`);
  }
  assert.equal(new Set(names).size, names.length, 'each folder is toured once');
});

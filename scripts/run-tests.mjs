#!/usr/bin/env node
// Runs the typecheck, the linter and the format check, then every test/**/*.test.ts under node's
// test runner (via tsx), and ends with one plain line "tests: N passed, N failed, N skipped" that CI
// reads. Pass paths to run a subset; --no-typecheck skips the three static checks.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const skipTypecheck = args.includes('--no-typecheck');
const wanted = args.filter((a) => !a.startsWith('--'));

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...collect(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

let files = collect(join(root, 'test'))
  .map((f) => relative(root, f))
  .sort();
if (wanted.length) files = files.filter((f) => wanted.some((w) => f.includes(w)));

// Each static check that fails counts as one failed test, so CI's closing line cannot read green.
const STATIC_CHECKS = [
  ['typecheck', 'tsc --noEmit', ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['lint', 'eslint .', ['node_modules/eslint/bin/eslint.js', '.']],
  [
    'format',
    'prettier --check (npm run format fixes it)',
    ['node_modules/prettier/bin/prettier.cjs', '--check', '--log-level', 'warn', '**/*.{ts,js,mjs}'],
  ],
];
const failedChecks = [];
if (!skipTypecheck) {
  for (const [name, label, argv] of STATIC_CHECKS) {
    process.stdout.write(`${name}: ${label}\n`);
    const r = spawnSync(process.execPath, [join(root, argv[0]), ...argv.slice(1)], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) failedChecks.push(name);
  }
}

const summaryFile = join(root, `.openccc-test-summary.${process.pid}.json`);
const run = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/summary-reporter.mjs',
    `--test-reporter-destination=${summaryFile}`,
    ...files,
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, OPENCCC_LOG_LEVEL: process.env.OPENCCC_LOG_LEVEL ?? 'silent' } },
);

const { readFileSync, rmSync } = await import('node:fs');
let summary = { passed: 0, failed: 0, skipped: 0 };
try {
  summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
  rmSync(summaryFile);
} catch {
  summary.failed += 1; // the runner died before reporting: count it as a failure, never as a pass
}
summary.failed += failedChecks.length;
for (const name of failedChecks) process.stdout.write(`${name} failed (counted as 1 failed test)\n`);
process.stdout.write(`tests: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped\n`);
process.exitCode = summary.failed > 0 || run.status !== 0 ? 1 : 0;

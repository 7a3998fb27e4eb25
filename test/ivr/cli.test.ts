import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { ivrCommand } from '../../src/cli/commands/ivr.ts';
import { CliError } from '../../src/cli/cli-error.ts';

const ROOT = join(import.meta.dirname, '../..');
// simulate renders text prompts into $XDG_CACHE_HOME/openccc/tts when the TTS plug-in is installed: not the user's cache.
const CACHE = mkdtempSync(join(tmpdir(), 'openccc-cli-cache-'));
process.env.XDG_CACHE_HOME = CACHE;
after(() => rmSync(CACHE, { recursive: true, force: true }));
const DEMO = join(ROOT, 'examples/demo/flows/4500.yaml');

/** Runs `openccc ivr ...` the way the main CLI does, returning exit code and output. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const program = new Command('openccc').exitOverride().addCommand(ivrCommand({ out: (t) => (out += t), err: (t) => (err += t) }));
  const quiet = (c: Command): void => {
    c.exitOverride().configureOutput({ writeOut: (t) => (out += t), writeErr: (t) => (err += t) });
    c.commands.forEach(quiet);
  };
  quiet(program);
  try {
    await program.parseAsync(['ivr', ...args], { from: 'user' });
    return { code: 0, out, err };
  } catch (e) {
    if (e instanceof CliError) return { code: e.exitCode, out, err: err + e.message };
    if (e instanceof CommanderError) return { code: e.exitCode === 0 ? 0 : 2, out, err };
    throw e;
  }
}

test('validate: a valid flow exits 0 and says so', async () => {
  const r = await run('validate', DEMO);
  assert.equal(r.code, 0);
  assert.equal(r.out, `${DEMO}: ok, "Delivery confirmation", 8 nodes, 0 warnings\n`);
});

test('validate: an invalid flow exits 2 with file:line: reason; warnings go to stderr', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'openccc-cli-'));
  try {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: B\nstart: a\nnodes:\n  a: { type: play, prompt: hi, next: thankz }\n');
    const r = await run('validate', bad);
    assert.equal(r.code, 2);
    assert.match(r.err, new RegExp(`${bad.replace(/[.\\/]/g, '\\$&')}:4: nodes\\.a\\.next: node "thankz" does not exist`));

    const warn = join(dir, 'warn.yaml');
    writeFileSync(warn, 'name: W\nstart: a\nnodes:\n  a: { type: hangup }\n  b: { type: hangup }\n');
    const w = await run('validate', warn);
    assert.equal(w.code, 0);
    assert.equal(w.err, `${warn}:5: nodes.b: warning: node "b" is unreachable from start "a"\n`);

    assert.equal((await run('validate', join(dir, 'missing.yaml'))).code, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('simulate: prints the transcript, recorded keys and variables', async () => {
  const r = await run('simulate', DEMO, '--digits', '1', '--var', 'parcel=SF 12=34', '--callee', '+8613800000000');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^Simulating "Delivery confirmation" .* with keys "1"\n/);
  assert.match(r.out, /0\.000s {2}play "Hello, .* for \+8613800000000\. Your parcel SF 12=34 arrives today\."/);
  assert.match(r.out, /keys recorded: 1 \(confirmed\) @ Confirm delivery\n/);
  assert.match(r.out, /deliveryStatus="confirmed"/);
});

test('simulate --json gives the result as data; --at schedules the keys', async () => {
  const r = await run('simulate', DEMO, '--digits', '1', '--at', '12.5', '--json');
  assert.equal(r.code, 0, r.err);
  const result = JSON.parse(r.out) as { finished: boolean; keyPresses: { key: string; atMs: number }[] };
  assert.equal(result.finished, true);
  assert.deepEqual(
    result.keyPresses.map((k) => [k.key, k.atMs]),
    [['1', 12500]],
  );
});

test('simulate: bad options exit 2; a flow that never ends exits 1', async () => {
  assert.equal((await run('simulate', DEMO, '--digits', '1x')).code, 2);
  assert.equal((await run('simulate', DEMO, '--var', 'novalue')).code, 2);
  assert.equal((await run('simulate', DEMO, '--digits', '1', '--at', 'soon')).code, 2);
  assert.equal((await run('simulate', DEMO, '--digits', '12', '--at', '3')).code, 2);
  assert.equal((await run('simulate', DEMO, '--bogus')).code, 2);
  const dir = mkdtempSync(join(tmpdir(), 'openccc-cli-'));
  try {
    const nag = join(dir, 'nag.yaml');
    writeFileSync(
      nag,
      'name: N\nstart: m\nnodes:\n  m: { type: menu, prompt: x, options: { "1": b }, retries: 0, onFailure: p }\n  p: { type: play, prompt: y, next: m }\n  b: { type: hangup }\n',
    );
    const r = await run('simulate', nag);
    assert.equal(r.code, 1);
    assert.match(r.err, /did not end/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--help lists the subcommands and examples', async () => {
  const r = await run('simulate', '--help');
  assert.equal(r.code, 0);
  assert.match(r.out, /--digits <keys>/);
  assert.match(r.out, /openccc ivr simulate examples\/demo\/flows\/4500\.yaml --digits 1/);
});

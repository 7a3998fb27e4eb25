import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeTestWorld } from '../contract/support/test-world.ts';

const BIN = resolve(import.meta.dirname, '../../bin/openccc.mjs');
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 });

test('--help on every command exits 0 and describes it', () => {
  for (const args of [
    ['--help'],
    ['serve', '--help'],
    ['demo', '--help'],
    ['ivr', '--help'],
    ['db', 'migrate', '--help'],
    ['rules', 'check', '--help'],
    ['calls', 'show', '--help'],
  ]) {
    const r = cli(...args);
    assert.equal(r.status, 0, args.join(' '));
    assert.match(r.stdout, /Usage: openccc/, args.join(' '));
  }
});

test('bad usage exits 2', () => {
  assert.equal(cli('nonsense').status, 2);
  assert.equal(cli('serve').status, 2, 'missing --config');
  assert.equal(cli('serve', '--config', 'x.yaml', '--carrier', 'fax').status, 2);
});

test('an invalid config exits 2 naming the file, line, key and reason', () => {
  const w = writeTestWorld();
  try {
    writeFileSync(w.file, readFileSync(w.file, 'utf8').replace('edition: advanced', 'edition: platinum'));
    const r = cli('serve', '--config', w.file, '--listen', '127.0.0.1:0');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /world\.yaml:\d+: apps\.0\.edition: /);
  } finally {
    w.cleanup();
  }
});

test('--carrier sip on a world without carrier.sip says plainly what is missing, exit 2', () => {
  const w = writeTestWorld();
  try {
    const r = cli('serve', '--config', w.file, '--listen', '127.0.0.1:0', '--carrier', 'sip');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /SIP carrier needs carrier\.sip/);
  } finally {
    w.cleanup();
  }
});

test('db migrate brings the schema up to date and exits 0', () => {
  const w = writeTestWorld();
  try {
    const r = cli('db', 'migrate', '--config', w.file);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /schema up to date: sqlite .*openccc\.db/);
  } finally {
    w.cleanup();
  }
});

test('serve answers on its port and stops cleanly on SIGTERM with exit 0', async () => {
  const w = writeTestWorld();
  try {
    const child = spawn(process.execPath, [BIN, 'serve', '--config', w.file, '--listen', '127.0.0.1:0', '--data-dir', join(w.dir, 'd')], {
      env: { ...process.env, OPENCCC_LOG_LEVEL: 'info' },
    });
    const url = await new Promise<string>((ok, fail) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const m = /"url":"(http:[^"]+)"/.exec(line);
        if (m) ok(m[1]!);
      });
      child.once('exit', (code) => fail(new Error(`exited early with ${code}`)));
    });
    const health = (await (await fetch(`${url}/healthz`)).json()) as { status: string };
    assert.equal(health.status, 'ok');
    const code = await new Promise<number | null>((ok) => {
      child.once('exit', ok);
      child.kill('SIGTERM');
    });
    assert.equal(code, 0);
  } finally {
    w.cleanup();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { writeTestWorld } from '../contract/support/test-world.ts';
import { APP } from '../contract/support/test-world.ts';

const BIN = resolve(import.meta.dirname, '../../bin/openccc.mjs');
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 });

test('openccc rules check prints every verdict in evaluation order, as text and as JSON', () => {
  const w = writeTestWorld({ outboundRules: 'preset: tccc\ncallerConcurrency: null' });
  try {
    const night = cli('rules', 'check', '-c', w.file, '--app', String(APP), '--callee', '+8613999123456', '--at', '2026-05-10T03:00+08:00');
    assert.equal(night.status, 0, night.stderr);
    assert.match(night.stdout, /callee \+8613999123456 \(CN-XJ Urumchi\)/);
    assert.match(night.stdout, /1\. blacklist: pass\n\s+2\. blindArea: REFUSE FailedOperation\.CalloutRuleBlindArea \(EndStatus 110\)/);
    assert.match(night.stdout, /3\. workTime: REFUSE FailedOperation\.CalloutRuleNotWorkTime \(EndStatus 111\)/);
    assert.match(night.stdout, /4\. calleeInterval: pass \[counts 0\]\n\s+5\. calleeDaily: pass \[counts 0\]\n/);
    assert.doesNotMatch(night.stdout, /callerConcurrency/, 'null turned it off');
    assert.match(night.stdout, /verdict: refused by blindArea/);

    const day = cli(
      'rules',
      'check',
      '-c',
      w.file,
      '--app',
      String(APP),
      '--callee',
      '13800138000',
      '--at',
      String(Date.parse('2026-05-10T10:00+08:00') / 1000),
      '--json',
    );
    assert.equal(day.status, 0, day.stderr);
    const report = JSON.parse(day.stdout) as {
      admitted: boolean;
      calleeE164: string;
      checks: { rule: string; verdict: { ok: boolean } }[];
    };
    assert.equal(report.admitted, true);
    assert.equal(report.calleeE164, '+8613800138000');
    assert.deepEqual(
      report.checks.map((c) => c.rule),
      ['blacklist', 'blindArea', 'workTime', 'calleeInterval', 'calleeDaily'],
    );
  } finally {
    w.cleanup();
  }
});

test('openccc rules check: bad input exits 2 and says why', () => {
  const w = writeTestWorld();
  try {
    const badAt = cli('rules', 'check', '-c', w.file, '--app', String(APP), '--callee', '+8613800138000', '--at', 'tomorrow');
    assert.equal(badAt.status, 2);
    assert.match(badAt.stderr, /--at tomorrow/);
    const noApp = cli('rules', 'check', '-c', w.file, '--app', '1400009999', '--callee', '+8613800138000');
    assert.equal(noApp.status, 2);
    assert.match(noApp.stderr, /InstanceNotExist/);
    const badCallee = cli('rules', 'check', '-c', w.file, '--app', String(APP), '--callee', 'abc');
    assert.equal(badCallee.status, 2);
    const none = cli('rules', 'check', '-c', w.file, '--app', String(APP), '--callee', '+8613800138000');
    assert.equal(none.status, 0);
    assert.match(none.stdout, /1\. blacklist: pass\nverdict: admitted/);
  } finally {
    w.cleanup();
  }
});

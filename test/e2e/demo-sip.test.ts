// `npm run demo:sip` as a newcomer runs it: openccc on the sip carrier calls a real baresip
// softphone over loopback, which answers and presses 1; the CDR must say so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasBaresip } from '../../src/cli/demo/baresip-softphone.ts';

const required = process.env.OPENCCC_REQUIRE_SIP_PEERS === '1';

test('demo:sip places one real call to baresip: answered, key 1, EndStatus 107, recorded', { timeout: 90_000 }, async (t) => {
  if (!hasBaresip()) {
    if (required) assert.fail('OPENCCC_REQUIRE_SIP_PEERS=1 but baresip is missing (apt-get install baresip-core)');
    t.skip('baresip is not installed (apt-get install baresip-core); skipping');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'openccc-demo-sip-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo-sip.ts', '--once', '--free-ports', '--data-dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  assert.equal(code, 0, out);
  assert.match(out, /pressed 1 \(confirmed\)/);
  assert.match(out, /ended: EndStatus 107 ivrEnd/);
  assert.match(out, /"RecordURL": "http:\/\/127\.0\.0\.1:\d+\/recordings\/[0-9a-f]+\.wav\?expires=\d+&signature=[0-9a-f]+"/);
  const heard = /What the softphone heard: \S+ \(([\d.]+) s, RMS ([\d.]+)\)/.exec(out);
  assert.ok(heard, out);
  assert.ok(Number(heard[1]) > 5, `the softphone heard ${heard[1]} s`);
  assert.ok(Number(heard[2]) > 0.01, `what the softphone heard is near silence (RMS ${heard[2]})`);
});

// The demo's softphone driver against a real baresip: SIPp calls it, it answers on its own and
// reports the call over ctrl_tcp, and its recorder writes what it heard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { BaresipSoftphone, hasBaresip } from '../../../src/cli/demo/baresip-softphone.ts';

const required = process.env.OPENCCC_REQUIRE_SIP_PEERS === '1';
const hasSipp = spawnSync('sipp', ['-v'], { stdio: 'ignore' }).error === undefined;

test('baresip answers a SIPp call as the configured number and records what it heard', async (t) => {
  if (!hasBaresip() || !hasSipp) {
    if (required) assert.fail('OPENCCC_REQUIRE_SIP_PEERS=1 but baresip or sipp is missing (apt-get install baresip-core sip-tester)');
    t.skip('baresip or sipp is not installed (apt-get install baresip-core sip-tester); skipping');
    return;
  }
  const phone = await BaresipSoftphone.start({ user: '+8613800138000' });
  t.after(() => phone.close());
  const established = phone.waitFor('CALL_ESTABLISHED');
  const closed = phone.waitFor('CALL_CLOSED', 15_000);
  const sipp = spawn(
    'sipp',
    ['-sn', 'uac', '-s', '+8613800138000', `127.0.0.1:${phone.sipPort}`, '-i', '127.0.0.1', '-p', '0', '-m', '1', '-d', '1500'],
    { stdio: 'ignore' },
  );
  sipp.unref();
  const rc = await new Promise<number | null>((r) => sipp.on('exit', r));
  await established;
  await closed;
  assert.equal(rc, 0, `sipp failed\n${phone.output()}`);
  const rec = phone.recordings();
  assert.equal(rec.heard.length, 1);
  assert.equal(rec.sent.length, 1);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { SystemClock } from '../../../../../src/shared/clock.ts';
import { UserAgentCore } from '../../../../../src/telephony/sip/ua/index.ts';
import { SessionManager, type SipSession } from '../../../../../src/telephony/sip/ua/session/index.ts';
import { HAS_SIPP, skipUnless } from '../../../../e2e/support/peers.ts';
import { freeUdpPort, runSipp } from '../../../../e2e/support/sipp.ts';

// SIPp's built-in `uac` scenario (INVITE, ACK, pause, BYE) against a UA answering 200 through a SessionManager.
const skip = skipUnless(HAS_SIPP, 'sipp is not installed (apt-get install sip-tester)');
const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

test('SIPp uac: INVITE answered 200, ACK confirms the session, SIPp BYE gets 200 (exit code 0)', { skip }, async () => {
  assert.ok(HAS_SIPP, 'OPENCCC_REQUIRE_SIP_PEERS=1 but sipp is missing');
  const dumped = spawnSync('sipp', ['-sd', 'uac'], { encoding: 'utf8' }).stdout;
  const scenario = dumped.slice(dumped.indexOf('<?xml'));
  const ua = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock: new SystemClock() });
  const sessions = new SessionManager(ua);
  const events: string[] = [];
  ua.onInvite = (inv) => {
    const s: SipSession | undefined = sessions.answer(inv, SDP);
    s?.on('confirmed', () => events.push('confirmed'));
    s?.on('ended', (e) => events.push(e.reason));
  };
  try {
    const r = await runSipp(scenario, await freeUdpPort(), `127.0.0.1:${ua.port}`, ['-s', 'callee']);
    assert.equal(r.code, 0, r.output);
    assert.deepEqual(events, ['confirmed', 'remote-bye']);
    assert.equal(sessions.size, 0);
  } finally {
    await ua.close();
  }
});

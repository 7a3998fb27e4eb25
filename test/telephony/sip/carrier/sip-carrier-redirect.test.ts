import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EndStatus } from '../../../../src/domain/end-status.ts';
import type { LineFailure } from '../../../../src/telephony/carrier.ts';
import { HAS_SIPP, skipUnless } from '../../../e2e/support/peers.ts';
import { freeUdpPort, runSipp } from '../../../e2e/support/sipp.ts';
import { openCarrier, recordEvents, scenario, settingsFor, until, udpPortTaken } from './support.ts';

// carrier.sip.followRedirects (RFC 3261 §8.1.3.4): SIPp as the trunk answers 302 with a Contact on a second SIPp.
const skip = skipUnless(HAS_SIPP, 'sipp is not installed (apt-get install sip-tester)');
const dial = { sessionId: 's-redirect', caller: '008610000000001', callee: '+8613800000001', maxRingMs: 20_000 };

test(
  'followRedirects 1: the 302 is followed to its Contact, where the second callee answers; the trace has both legs',
  { skip },
  async () => {
    const [trunkPort, targetPort] = [await freeUdpPort(), await freeUdpPort()];
    const { carrier, cleanup } = await openCarrier(settingsFor(trunkPort, { followRedirects: 1 }));
    try {
      const target = runSipp(scenario('uas-answer-wait-bye.xml'), targetPort);
      const trunk = runSipp(scenario('uas-redirect.xml'), trunkPort, undefined, ['-key', 'redirect_port', String(targetPort)]);
      await Promise.all([udpPortTaken(trunkPort), udpPortTaken(targetPort)]);
      const leg = carrier.dial(dial);
      const events = recordEvents(leg);
      leg.on('answered', () => leg.hangup());
      await until(() => events.some((e) => e.name === 'close'), 10_000, 'the call to end');
      const [t, r] = await Promise.all([trunk, target]);
      assert.equal(t.code, 0, t.output);
      assert.equal(r.code, 0, r.output);
      assert.ok(
        events.some((e) => e.name === 'answered'),
        JSON.stringify(events.map((e) => e.name)),
      );
      const trace = await leg.trace!();
      // One Call-ID throughout: the 302 and its ACK at the trunk, then the new INVITE, 200, ACK, BYE, 200 at the Contact.
      const at = (port: number) => `127.0.0.1:${port}`;
      const lines = trace!.sip.map(
        (e) => `${e.direction} ${/^SIP\/2\.0 (\d+)/.exec(e.startLine)?.[1] ?? e.startLine.split(' ')[0]} ${e.remote}`,
      );
      assert.deepEqual(
        lines.filter((l) => !/ (100|180) /.test(l)),
        [
          `out INVITE ${at(trunkPort)}`,
          `in 302 ${at(trunkPort)}`,
          `out ACK ${at(trunkPort)}`,
          `out INVITE ${at(targetPort)}`,
          `in 200 ${at(targetPort)}`,
          `out ACK ${at(targetPort)}`,
          `out BYE ${at(targetPort)}`,
          `in 200 ${at(targetPort)}`,
        ],
        lines.join('\n'),
      );
      const invites = trace!.sip.filter((e) => e.startLine.startsWith('INVITE ')).map((e) => e.startLine.split(' ')[1]);
      assert.deepEqual(invites, [`sip:+8613800000001@127.0.0.1:${trunkPort}`, `sip:redirected@127.0.0.1:${targetPort}`]);
      assert.equal(new Set(trace!.sip.map((e) => e.callId)).size, 1);
    } finally {
      await cleanup();
    }
  },
);

test('followRedirects 0 (the default): a 302 fails the call with sipStatus 302 (operatorError)', { skip }, async () => {
  const trunkPort = await freeUdpPort();
  const { carrier, cleanup } = await openCarrier(settingsFor(trunkPort));
  try {
    const trunk = runSipp(scenario('uas-redirect.xml'), trunkPort, undefined, ['-key', 'redirect_port', String(await freeUdpPort())]);
    await udpPortTaken(trunkPort);
    const leg = carrier.dial(dial);
    const events = recordEvents(leg);
    await until(() => events.some((e) => e.name === 'close'), 10_000, 'the failure');
    const r = await trunk;
    assert.equal(r.code, 0, r.output);
    assert.deepEqual(
      events.map((e) => e.name),
      ['failed', 'close'],
    );
    const f = events[0]!.args[0] as LineFailure;
    assert.equal(f.sipStatus, 302);
    assert.equal(f.endStatus, EndStatus.operatorError);
  } finally {
    await cleanup();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DtmfDigit, IncomingCall } from '../../../../src/telephony/carrier.ts';
import { HAS_SIPP, skipUnless } from '../../../e2e/support/peers.ts';
import { freeUdpPort, runSipp } from '../../../e2e/support/sipp.ts';
import { openCarrier, recordEvents, scenario, settingsFor } from './support.ts';

// SIPp as the inbound caller from the trunk's address (issue 14 item 3).
const skip = skipUnless(HAS_SIPP, 'sipp is not installed (apt-get install sip-tester)');

test(
  'an INVITE from the trunk is offered with caller and callee read as numbers; ring, answer, ACK -> answered; our hangup sends BYE',
  { skip },
  async () => {
    const { carrier, cleanup } = await openCarrier(settingsFor(await freeUdpPort()));
    try {
      const offered: IncomingCall[] = [];
      let events: ReturnType<typeof recordEvents> = [];
      carrier.on('incoming', (call) => {
        offered.push(call);
        events = recordEvents(call);
        call.ring();
        call.answer();
        call.on('answered', () => setTimeout(() => call.hangup(), 300));
      });
      const r = await runSipp(scenario('uac-call-wait-bye.xml'), await freeUdpPort(), `127.0.0.1:${carrier.sipPort}`, [
        '-s',
        '008610000000077',
      ]);
      assert.equal(r.code, 0, r.output);
      assert.equal(offered.length, 1);
      assert.equal(offered[0]!.caller, '+8613800000042');
      assert.equal(offered[0]!.callee, '+8610000000077');
      assert.deepEqual(
        events.map((e) => e.name),
        ['answered', 'close'],
      );
      assert.equal(carrier.activeCalls(), 0);
    } finally {
      await cleanup();
    }
  },
);

for (const [cause, status] of [
  ['notFound', 404],
  ['busy', 486],
  ['declined', 603],
] as const) {
  test(`reject('${cause}') answers ${status}`, { skip }, async () => {
    const { carrier, cleanup } = await openCarrier(settingsFor(await freeUdpPort()));
    try {
      carrier.on('incoming', (call) => call.reject(cause));
      const sipp = scenario('uac-call-refused.xml').replaceAll('[status]', String(status));
      const r = await runSipp(sipp, await freeUdpPort(), `127.0.0.1:${carrier.sipPort}`, ['-s', '008610000000099']);
      assert.equal(r.code, 0, r.output);
      assert.equal(carrier.activeCalls(), 0);
    } finally {
      await cleanup();
    }
  });
}

test('an INVITE from an address that is neither the trunk nor allowFrom gets 403 and is never offered', { skip }, async () => {
  const { carrier, cleanup } = await openCarrier(settingsFor(await freeUdpPort(), { host: '127.0.0.2' }));
  try {
    let offered = 0;
    carrier.on('incoming', () => offered++);
    const sipp = scenario('uac-call-refused.xml').replaceAll('[status]', '403');
    const r = await runSipp(sipp, await freeUdpPort(), `127.0.0.1:${carrier.sipPort}`, ['-s', '008610000000077']);
    assert.equal(r.code, 0, r.output);
    assert.equal(offered, 0);
  } finally {
    await cleanup();
  }
});

test('a SIP INFO digit (application/dtmf-relay) from the caller arrives as dtmf with source info', { skip }, async () => {
  const { carrier, cleanup } = await openCarrier(settingsFor(await freeUdpPort()));
  try {
    const digits: DtmfDigit[] = [];
    carrier.on('incoming', (call) => {
      call.answer();
      call.on('dtmf', (d) => {
        digits.push(d);
        call.hangup();
      });
    });
    const r = await runSipp(scenario('uac-call-info-dtmf.xml'), await freeUdpPort(), `127.0.0.1:${carrier.sipPort}`, [
      '-s',
      '008610000000077',
    ]);
    assert.equal(r.code, 0, r.output);
    assert.equal(digits.length, 1);
    assert.equal(digits[0]!.digit, '5');
    assert.equal(digits[0]!.source, 'info');
    assert.ok(digits[0]!.mediaTimeMs >= 400 && digits[0]!.mediaTimeMs < 3000, `mediaTimeMs ${digits[0]!.mediaTimeMs}`);
  } finally {
    await cleanup();
  }
});

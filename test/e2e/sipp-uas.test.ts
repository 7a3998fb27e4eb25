import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemClock } from '../../src/shared/clock.ts';
import { UserAgentCore, type IncomingInvite } from '../../src/telephony/sip/ua/index.ts';
import { HAS_SIPP, skipUnless } from './support/peers.ts';
import { freeUdpPort, runSipp, sippCallAnswered, sippCallRejected, sippCancelWhileRinging, sippOptions } from './support/sipp.ts';

// SIPp as the UAC, our UA answering through the carrier's onInvite callback (issue 12 item 8).
const skip = skipUnless(HAS_SIPP, 'sipp is not installed (apt-get install sip-tester)');
const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

async function withUa(
  handler: ((inv: IncomingInvite) => void) | undefined,
  scenario: string,
): Promise<{ code: number | null; output: string; acks: number; invites: number }> {
  assert.ok(HAS_SIPP, 'OPENCCC_REQUIRE_SIP_PEERS=1 but sipp is missing');
  const ua = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock: new SystemClock() });
  let acks = 0;
  let invites = 0;
  ua.dialogs = { inDialogRequest: () => false, ack: () => void acks++, strayResponse: () => undefined };
  if (handler) ua.onInvite = (inv) => (invites++, handler(inv));
  try {
    const r = await runSipp(scenario, await freeUdpPort(), `127.0.0.1:${ua.port}`, ['-s', 'callee']);
    return { ...r, acks, invites };
  } finally {
    await ua.close();
  }
}

test('SIPp OPTIONS gets 200', { skip }, async () => {
  const r = await withUa(undefined, sippOptions());
  assert.equal(r.code, 0, r.output);
});

test('SIPp INVITE answered 200 with SDP by the callback; its ACK reaches the dialog seam', { skip }, async () => {
  const r = await withUa((inv) => {
    inv.ring();
    inv.answer(SDP);
  }, sippCallAnswered());
  assert.equal(r.code, 0, r.output);
  assert.equal(r.invites, 1);
  assert.equal(r.acks, 1);
});

for (const status of [486, 603, 404]) {
  test(`SIPp INVITE rejected ${status} by the callback, ACKed within the transaction`, { skip }, async () => {
    const r = await withUa((inv) => void inv.reject(status), sippCallRejected(status));
    assert.equal(r.code, 0, r.output);
    assert.equal(r.invites, 1);
  });
}

test('SIPp INVITE with no callback gets 480', { skip }, async () => {
  const r = await withUa(undefined, sippCallRejected(480));
  assert.equal(r.code, 0, r.output);
});

test('SIPp CANCEL while ringing: 200 to the CANCEL, 487 to the INVITE, the callback told', { skip }, async () => {
  let cancelled = 0;
  const r = await withUa((inv) => {
    inv.ring();
    inv.on('cancelled', () => cancelled++);
  }, sippCancelWhileRinging());
  assert.equal(r.code, 0, r.output);
  assert.equal(cancelled, 1);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { digitPackets } from '../../../../src/telephony/rtp/rfc4733-sender.ts';
import { Pacer } from '../../../../src/telephony/rtp/engine/pacer.ts';
import { PortPool } from '../../../../src/telephony/rtp/engine/port-pool.ts';
import { RtpSession } from '../../../../src/telephony/rtp/engine/rtp-session.ts';
import type { DtmfEvent } from '../../../../src/telephony/rtp/engine/rtp-session-types.ts';
import { sleep, UdpPeer, until } from './udp-peer.ts';

// A SIP UAC opens its media session for the offer (it needs the port), before the answer says where to send.
const now = () => performance.timeOrigin + performance.now();

test('updateMedia: a session opened with no remote sends nothing, then sends the answer codec to the answer address and hears its telephone-event PT', async () => {
  const peer = await UdpPeer.open();
  const pacer = new Pacer({ now });
  const r = await RtpSession.open({
    address: '127.0.0.1',
    pool: new PortPool({ portMin: 43000, portMax: 43999 }),
    pacer,
    media: { law: 'pcmu', payloadType: 0, telephoneEventPt: 101 },
    now,
    rtpTimeoutMs: 150,
  });
  assert.ok(r.ok);
  const s = r.session;
  const dtmf: DtmfEvent[] = [];
  const timeouts: number[] = [];
  s.on('dtmf', (d) => dtmf.push(d));
  s.on('rtpTimeout', ({ silentMs }) => timeouts.push(silentMs));
  await sleep(200);
  assert.equal(peer.received.length, 0, 'no destination yet: nothing sent');
  assert.equal(timeouts.length, 1, 'silent since open');

  s.updateMedia({ law: 'pcma', payloadType: 8, telephoneEventPt: 96, remoteAddress: '127.0.0.1', remotePort: peer.port });
  await until(() => peer.received.length >= 3, 3000, 'packets after the update');
  assert.ok(
    peer.received.every((p) => p.payloadType === 8 && p.payload.every((b) => b === 0xd5)),
    'PCMA silence, PT 8',
  );
  for (const p of digitPackets({ digit: '7', durationMs: 60, payloadType: 96, ssrc: peer.ssrc, ...peer.take(1) })!)
    peer.sendRaw(s.port, p.packet);
  await until(() => dtmf.length === 1, 3000, 'the digit on the new telephone-event PT');
  assert.equal(dtmf[0]!.digit, '7');
  assert.equal(dtmf[0]!.source, 'rfc4733');
  // The timeout clock restarted at the update: a second rtpTimeout only after the peer falls silent again.
  await until(() => timeouts.length === 2, 3000, 'a new rtpTimeout after the digit');
  await s.close();
  peer.close();
  assert.equal(pacer.size, 0);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOffer, type OfferOptions } from '../../../src/telephony/sdp/create-offer.ts';
import { readAnswer } from '../../../src/telephony/sdp/read-answer.ts';

const offer = createOffer({
  address: '192.0.2.1',
  port: 40000,
  sessionId: '77',
  sessionVersion: 1,
  codecs: ['PCMU', 'PCMA'],
  telephoneEventPt: 101,
} satisfies OfferOptions);

const sdp = (...lines: string[]) => lines.join('\r\n') + '\r\n';
const head = ['v=0', 'o=user1 53655765 2353687637 IN IP4 198.51.100.2', 's=-', 'c=IN IP4 198.51.100.2', 't=0 0'];

test("SIPp uas's default answer (PCMU, no telephone-event)", () => {
  const r = readAnswer(offer, sdp(...head, 'm=audio 6000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000'));
  assert.deepEqual(r, {
    ok: true,
    remoteAddress: '198.51.100.2',
    remotePort: 6000,
    remoteRtcpPort: 6001,
    rtcpMux: false,
    codec: 'PCMU',
    payloadType: 0,
    ptimeMs: 20,
    direction: 'sendrecv',
    onHold: false,
  });
});

test("the peer's choice and telephone-event PT are read from the answer; a bare static PT is fine", () => {
  const r = readAnswer(offer, sdp(...head, 'm=audio 6000 RTP/AVP 8 101', 'a=rtpmap:101 telephone-event/8000', 'a=ptime:30'));
  assert.ok(r.ok);
  assert.equal(r.codec, 'PCMA');
  assert.equal(r.telephoneEventPt, 101);
  assert.equal(r.ptimeMs, 30);
});

test('an answer listing several codecs: its first G.711 we offered wins', () => {
  const r = readAnswer(offer, sdp(...head, 'm=audio 6000 RTP/AVP 13 8 0', 'a=rtpmap:13 CN/8000'));
  assert.ok(r.ok);
  assert.equal(r.codec, 'PCMA');
});

test('direction: the peer answers recvonly → we only send; sendonly → we only receive, and that is a hold', () => {
  const recv = readAnswer(offer, sdp(...head, 'm=audio 6000 RTP/AVP 0', 'a=recvonly'));
  assert.ok(recv.ok);
  assert.equal(recv.direction, 'sendonly');
  assert.equal(recv.onHold, false);
  const send = readAnswer(offer, sdp(...head, 'm=audio 6000 RTP/AVP 0', 'a=sendonly'));
  assert.ok(send.ok);
  assert.equal(send.direction, 'recvonly');
  assert.equal(send.onHold, true);
});

test('failures: a codec we did not offer, rejected audio, m-line count, garbage', () => {
  const pcmaOnly = createOffer({ address: '192.0.2.1', port: 40000, sessionId: '77', sessionVersion: 1, codecs: ['PCMA'] });
  const cases: [string, string, string][] = [
    [pcmaOnly, sdp(...head, 'm=audio 6000 RTP/AVP 0'), 'mismatch'],
    [offer, sdp(...head, 'm=audio 6000 RTP/AVP 18', 'a=rtpmap:18 G729/8000'), 'noCommonCodec'],
    [offer, sdp(...head, 'm=audio 0 RTP/AVP 0'), 'noCommonCodec'],
    [offer, sdp(...head, 'm=audio 6000 RTP/AVP 0', 'm=video 0 RTP/AVP 31'), 'mismatch'],
    [offer, sdp(...head), 'mismatch'],
    [offer, sdp(...head, 'm=video 6000 RTP/AVP 31'), 'mismatch'],
    [offer, 'SIP/2.0 200 OK', 'malformed'],
    ['nonsense', sdp(...head, 'm=audio 6000 RTP/AVP 0'), 'malformed'],
  ];
  for (const [ours, answer, code] of cases) {
    const r = readAnswer(ours, answer);
    assert.equal(r.ok, false, answer);
    if (!r.ok) assert.equal(r.code, code, `${answer}: ${r.reason}`);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import sdpTransform from 'sdp-transform';
import { answerOffer, type AnswerOptions } from '../../../src/telephony/sdp/answer-offer.ts';
import * as peers from './peer-offers.ts';

const local: AnswerOptions = { address: '192.0.2.1', port: 30000, sessionId: '1000', sessionVersion: 1, codecs: ['PCMU', 'PCMA'] };

function answer(offer: string, opts: Partial<AnswerOptions> = {}) {
  const r = answerOffer(offer, { ...local, ...opts });
  assert.ok(r.ok, r.ok ? '' : `${r.code}: ${r.reason}`);
  return { ...r, parsed: sdpTransform.parse(r.sdp) };
}

test('SIPp uac: PCMU, default ptime, sendrecv, CRLF answer with our o= and c=', () => {
  const r = answer(peers.SIPP_UAC);
  assert.deepEqual(r.media, {
    remoteAddress: '127.0.0.1',
    remotePort: 6000,
    remoteRtcpPort: 6001,
    rtcpMux: false,
    codec: 'PCMU',
    payloadType: 0,
    ptimeMs: 20,
    direction: 'sendrecv',
    onHold: false,
  });
  assert.match(
    r.sdp,
    /^v=0\r\no=- 1000 1 IN IP4 192\.0\.2\.1\r\ns=openccc\r\nc=IN IP4 192\.0\.2\.1\r\nt=0 0\r\nm=audio 30000 RTP\/AVP 0\r\n/,
  );
  assert.ok(!/[^\r]\n/.test(r.sdp), 'every line ends in CRLF');
  assert.match(r.sdp, /a=rtpmap:0 PCMU\/8000\r\na=ptime:20\r\na=sendrecv\r\n$/);
});

test('a bare static PT without a=rtpmap is recognised (sdp-transform gives rtp: [])', () => {
  assert.equal(sdpTransform.parse(peers.CARRIER_BARE_PCMU).media[0]!.rtp.length, 0);
  const r = answer(peers.CARRIER_BARE_PCMU);
  assert.equal(r.media.codec, 'PCMU');
  assert.equal(r.media.telephoneEventPt, undefined);
  assert.equal(r.parsed.media[0]!.payloads, 0);
});

test("the offerer's order decides (RFC 3264 §6.1), not ours", () => {
  const r = answer(peers.CARRIER_PCMA_FIRST);
  assert.equal(r.media.codec, 'PCMA');
  assert.equal(r.media.payloadType, 8);
  assert.equal(r.media.telephoneEventPt, 101);
  assert.equal(r.media.remoteAddress, '203.0.113.20', 'c= not o=');
  assert.match(r.sdp, /m=audio 30000 RTP\/AVP 8 101\r\na=rtpmap:8 PCMA\/8000\r\na=rtpmap:101 telephone-event\/8000\r\na=fmtp:101 0-15\r\n/);
  // Only PCMU locally: the second offered codec is taken.
  assert.equal(answer(peers.CARRIER_PCMA_FIRST, { codecs: ['PCMU'] }).media.codec, 'PCMU');
});

test('baresip 1.0: PCMU with telephone-event 101, extra attributes ignored', () => {
  const r = answer(peers.BARESIP);
  assert.equal(r.media.codec, 'PCMU');
  assert.equal(r.media.telephoneEventPt, 101);
  assert.equal(r.media.remotePort, 20000);
  assert.equal(r.parsed.media[0]!.fmtp[0]!.config, '0-15');
});

test('Asterisk: PCMA first, GSM skipped, events 0-16 kept', () => {
  const r = answer(peers.ASTERISK);
  assert.equal(r.media.codec, 'PCMA');
  assert.equal(r.parsed.media[0]!.fmtp[0]!.config, '0-16');
});

test("FreeSWITCH: opus/G.722 skipped, telephone-event on the peer's PT 96, its ptime and a=rtcp, video rejected with port 0", () => {
  const r = answer(peers.FREESWITCH_WITH_VIDEO, { ptime: 20 });
  assert.equal(r.media.codec, 'PCMA');
  assert.equal(r.media.payloadType, 8);
  assert.equal(r.media.telephoneEventPt, 96);
  assert.equal(r.media.ptimeMs, 30, 'we send at the peer’s ptime');
  assert.equal(r.media.remoteRtcpPort, 27373);
  assert.equal(r.parsed.media.length, 2);
  assert.equal(r.parsed.media[0]!.ptime, 20, 'we still ask for 20 ms');
  assert.match(r.sdp, /m=audio 30000 RTP\/AVP 8 96\r\n/);
  assert.match(r.sdp, /m=video 0 RTP\/AVP 103\r\n$/);
});

test('IPv6, media-level c=, video first: audio accepted in place, rtcp-mux agreed', () => {
  const r = answer(peers.IPV6_MUX_VIDEO_FIRST, { address: '2001:db8::1' });
  assert.equal(r.media.remoteAddress, '2001:db8::5');
  assert.equal(r.media.rtcpMux, true);
  assert.equal(r.media.remoteRtcpPort, 9002);
  assert.equal(r.media.telephoneEventPt, 101);
  assert.match(r.sdp, /o=- 1000 1 IN IP6 2001:db8::1\r\n/);
  assert.match(r.sdp, /c=IN IP6 2001:db8::1\r\n/);
  assert.deepEqual(
    r.parsed.media.map((m) => [m.type, m.port]),
    [
      ['video', 0],
      ['audio', 30000],
    ],
  );
  assert.equal(r.parsed.media[1]!.rtcpMux, 'rtcp-mux');
  const noMux = answer(peers.IPV6_MUX_VIDEO_FIRST, { address: '2001:db8::1', rtcpMux: false });
  assert.equal(noMux.media.rtcpMux, false);
  assert.equal(noMux.media.remoteRtcpPort, 9003);
  assert.equal(noMux.parsed.media[1]!.rtcpMux, undefined);
});

test('extra audio streams and T.38 are answered with port 0, formats kept, m-line order kept (§6)', () => {
  const r = answer(peers.TWO_AUDIO_AND_T38);
  assert.equal(r.media.remotePort, 7000);
  assert.match(r.sdp, /m=audio 30000 RTP\/AVP 0\r\n[^]*m=audio 0 RTP\/AVP 8\r\nm=image 0 udptl t38\r\n$/);
  // If the first audio stream has nothing in common, the second one is taken.
  const second = answer(peers.TWO_AUDIO_AND_T38, { codecs: ['PCMA'] });
  assert.equal(second.media.remotePort, 7002);
  assert.match(second.sdp, /m=audio 0 RTP\/AVP 0\r\nm=audio 30000 RTP\/AVP 8\r\n/);
});

test('failures the carrier answers with 488: no common codec, no audio, malformed', () => {
  const cases: [string, string][] = [
    [peers.G729_ONLY, 'noCommonCodec'],
    [peers.SIPP_UAC.replace('m=audio 6000', 'm=audio 0'), 'noAudio'],
    [peers.SIPP_UAC.replace('RTP/AVP', 'RTP/SAVP'), 'noAudio'],
    [peers.SIPP_UAC.replace('m=audio 6000 RTP/AVP 0', 'm=video 6000 RTP/AVP 31'), 'noAudio'],
    ['', 'malformed'],
    ['hello', 'malformed'],
    [peers.SIPP_UAC.replace('m=audio 6000', 'm=audio sixty'), 'malformed'],
    [peers.SIPP_UAC.replace('m=audio 6000', 'm=audio 70000'), 'malformed'],
    [peers.SIPP_UAC.replace(/^o=.*\r\n/m, ''), 'malformed'],
    [peers.SIPP_UAC.replace('c=IN IP4 127.0.0.1\r\n', ''), 'malformed'],
    [peers.SIPP_UAC + 'garbage line\r\n', 'malformed'],
    [peers.SIPP_UAC.replace('RTP/AVP 0', 'RTP/AVP'), 'malformed'],
  ];
  for (const [offer, code] of cases) {
    const r = answerOffer(offer, local);
    assert.equal(r.ok, false, offer);
    if (!r.ok) {
      assert.equal(r.code, code, `${JSON.stringify(offer)}: ${r.reason}`);
      assert.ok(r.reason.length > 0);
    }
  }
});

test('the G.729 failure names what we accept', () => {
  const r = answerOffer(peers.G729_ONLY, local);
  assert.ok(!r.ok && /PCMU, PCMA/.test(r.reason));
});

test('telephone-event can be declined, and an event list we cannot share drops it', () => {
  assert.equal(answer(peers.BARESIP, { telephoneEvents: false }).media.telephoneEventPt, undefined);
  const flashOnly = peers.BARESIP.replace('a=fmtp:101 0-15', 'a=fmtp:101 32-40');
  const r = answer(flashOnly);
  assert.equal(r.media.telephoneEventPt, undefined);
  assert.match(r.sdp, /m=audio 30000 RTP\/AVP 0\r\n/);
});

test('a dynamic PCMU mapping is honoured with its payload type', () => {
  const offer = peers.SIPP_UAC.replace('RTP/AVP 0', 'RTP/AVP 110').replace('a=rtpmap:0 PCMU/8000', 'a=rtpmap:110 pcmu/8000');
  const r = answer(offer);
  assert.equal(r.media.codec, 'PCMU');
  assert.equal(r.media.payloadType, 110);
});

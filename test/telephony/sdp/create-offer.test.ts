import { test } from 'node:test';
import assert from 'node:assert/strict';
import sdpTransform from 'sdp-transform';
import { createOffer, type OfferOptions } from '../../../src/telephony/sdp/create-offer.ts';

const base: OfferOptions = {
  address: '192.0.2.1',
  port: 40000,
  sessionId: '3917645200123456',
  sessionVersion: 1,
  codecs: ['PCMU', 'PCMA'],
  telephoneEventPt: 101,
  ptime: 20,
  direction: 'sendrecv',
};

test('the offer, line by line, CRLF', () => {
  assert.equal(
    createOffer(base),
    [
      'v=0',
      'o=- 3917645200123456 1 IN IP4 192.0.2.1',
      's=openccc',
      'c=IN IP4 192.0.2.1',
      't=0 0',
      'm=audio 40000 RTP/AVP 0 8 101',
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-16',
      'a=ptime:20',
      'a=sendrecv',
      '',
    ].join('\r\n'),
  );
});

test('preference order, IPv6, no telephone-event, rtcp-mux, direction', () => {
  const text = createOffer({
    ...base,
    address: '2001:db8::1',
    codecs: ['PCMA'],
    telephoneEventPt: undefined,
    rtcpMux: true,
    direction: 'sendonly',
  });
  assert.match(text, /o=- \d+ 1 IN IP6 2001:db8::1\r\n/);
  assert.match(text, /c=IN IP6 2001:db8::1\r\n/);
  assert.match(text, /m=audio 40000 RTP\/AVP 8\r\n/);
  assert.doesNotMatch(text, /telephone-event/);
  const m = sdpTransform.parse(text).media[0]!;
  assert.equal(m.rtcpMux, 'rtcp-mux');
  assert.equal(m.direction, 'sendonly');
});

test('a 64-bit session id survives (sdp-transform would parse it as a lossy number)', () => {
  assert.match(createOffer({ ...base, sessionId: '18446744073709551615' }), /o=- 18446744073709551615 1 /);
});

test('programmer errors throw: no codecs, a static telephone-event PT', () => {
  assert.throws(() => createOffer({ ...base, codecs: [] }), RangeError);
  assert.throws(() => createOffer({ ...base, telephoneEventPt: 8 }), RangeError);
});

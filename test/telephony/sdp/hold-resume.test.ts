import { test } from 'node:test';
import assert from 'node:assert/strict';
import sdpTransform from 'sdp-transform';
import { answerOffer, type AnswerOptions } from '../../../src/telephony/sdp/answer-offer.ts';
import { createOffer, type OfferOptions } from '../../../src/telephony/sdp/create-offer.ts';
import { readAnswer } from '../../../src/telephony/sdp/read-answer.ts';
import { holdOffer, newSessionId, nextOffer, resumeOffer, versioned } from '../../../src/telephony/sdp/session-version.ts';
import { HOLD_ZERO_ADDRESS } from './peer-offers.ts';

const ours: OfferOptions = {
  address: '192.0.2.1',
  port: 40000,
  sessionId: '9001',
  sessionVersion: 4,
  codecs: ['PCMU'],
  telephoneEventPt: 101,
};
const peer: AnswerOptions = { address: '198.51.100.2', port: 6000, sessionId: '55', sessionVersion: 1, codecs: ['PCMU', 'PCMA'] };

test('hold and resume re-offers: same session id, version + 1 each time (RFC 3264 §8)', () => {
  const held = holdOffer(ours);
  const resumed = resumeOffer(held);
  assert.deepEqual(
    [ours, held, resumed].map((o) => sdpTransform.parse(createOffer(o)).origin),
    [4, 5, 6].map((v) => ({ username: '-', sessionId: 9001, sessionVersion: v, netType: 'IN', ipVer: 4, address: '192.0.2.1' })),
  );
  assert.equal(held.direction, 'sendonly');
  assert.equal(resumed.direction, 'sendrecv');
  assert.equal(holdOffer({ ...ours, direction: 'recvonly' }).direction, 'inactive', '§8.4: recvonly on hold becomes inactive');
  assert.equal(nextOffer(ours, { port: 40002 }).port, 40002);
});

test('answering a sendonly hold: we answer recvonly, we are on hold; resume restores sendrecv', () => {
  const held = answerOffer(createOffer(holdOffer(ours)), peer);
  assert.ok(held.ok);
  assert.equal(held.media.direction, 'recvonly');
  assert.equal(held.media.onHold, true);
  assert.match(held.sdp, /a=recvonly\r\n/);
  const back = answerOffer(createOffer(resumeOffer(holdOffer(ours))), peer);
  assert.ok(back.ok);
  assert.equal(back.media.direction, 'sendrecv');
  assert.equal(back.media.onHold, false);
});

test('inactive stays inactive; recvonly is answered sendonly and is not a hold', () => {
  const inactive = answerOffer(createOffer({ ...ours, direction: 'inactive' }), peer);
  assert.ok(inactive.ok);
  assert.equal(inactive.media.direction, 'inactive');
  assert.equal(inactive.media.onHold, true);
  const recvonly = answerOffer(createOffer({ ...ours, direction: 'recvonly' }), peer);
  assert.ok(recvonly.ok);
  assert.equal(recvonly.media.direction, 'sendonly');
  assert.equal(recvonly.media.onHold, false);
  // Our own wish narrows further: a listen-only answerer to sendrecv answers recvonly.
  const listen = answerOffer(createOffer(ours), { ...peer, direction: 'recvonly' });
  assert.ok(listen.ok);
  assert.equal(listen.media.direction, 'recvonly');
});

test('RFC 2543 hold, c=0.0.0.0 with no direction: we must not send (RFC 3264 §8.4)', () => {
  const r = answerOffer(HOLD_ZERO_ADDRESS, peer);
  assert.ok(r.ok);
  assert.equal(r.media.remoteAddress, '0.0.0.0');
  assert.equal(r.media.direction, 'recvonly');
  assert.equal(r.media.onHold, true);
  const v6 = answerOffer(HOLD_ZERO_ADDRESS.replace('c=IN IP4 0.0.0.0', 'c=IN IP6 ::'), peer);
  assert.ok(v6.ok && v6.media.onHold);
});

test('our hold, read back from the answer: we send only, the peer has not held us', () => {
  const offer = createOffer(holdOffer(ours));
  const answer = answerOffer(offer, peer);
  assert.ok(answer.ok);
  const r = readAnswer(offer, answer.sdp);
  assert.ok(r.ok);
  assert.equal(r.direction, 'sendonly');
  assert.equal(r.onHold, false);
});

test('newSessionId: NTP-seconds digits plus six random digits', () => {
  assert.equal(
    newSessionId(() => 0.5, Date.UTC(2026, 11, 1)),
    `${Date.UTC(2026, 11, 1) / 1000 + 2208988800}500000`,
  );
});

test('answering re-offers: unchanged SDP keeps our o= version, a change (hold) bumps it (RFC 3264 §8)', () => {
  const answerAt = (offer: string) => (version: number) => {
    const r = answerOffer(offer, { ...peer, sessionVersion: version });
    assert.ok(r.ok);
    return r.sdp;
  };
  const first = versioned(undefined, 1, answerAt(createOffer(ours)));
  assert.equal(first.version, 1);
  const refresh = versioned(first, 1, answerAt(createOffer(nextOffer(ours))));
  assert.deepEqual(refresh, first, 'a session refresh re-INVITE changes nothing');
  const held = versioned(refresh, 1, answerAt(createOffer(holdOffer(ours))));
  assert.equal(held.version, 2);
  assert.match(held.sdp, /o=- 55 2 IN IP4/);
  assert.match(held.sdp, /a=recvonly/);
  const resumed = versioned(held, 1, answerAt(createOffer(resumeOffer(holdOffer(ours)))));
  assert.equal(resumed.version, 3);
});

test('a session-level direction applies to every stream (RFC 4566 §6)', () => {
  const offer = createOffer(ours).replace('t=0 0\r\n', 't=0 0\r\na=sendonly\r\n').replace('a=sendrecv\r\n', '');
  const r = answerOffer(offer, peer);
  assert.ok(r.ok);
  assert.equal(r.media.direction, 'recvonly');
  assert.equal(r.media.onHold, true);
});

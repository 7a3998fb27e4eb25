import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { answerOffer, type AnswerOptions } from '../../../src/telephony/sdp/answer-offer.ts';
import { createOffer } from '../../../src/telephony/sdp/create-offer.ts';
import { parseSdp } from '../../../src/telephony/sdp/parse-sdp.ts';
import { readAnswer } from '../../../src/telephony/sdp/read-answer.ts';
import { BARESIP, FREESWITCH_WITH_VIDEO } from './peer-offers.ts';

const local: AnswerOptions = { address: '192.0.2.1', port: 30000, sessionId: '1', sessionVersion: 1, codecs: ['PCMU', 'PCMA'] };

test('answerOffer and readAnswer never throw on arbitrary text', () => {
  const text = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 120 }),
    // Mostly-valid SDP with random lines spliced in finds far more parser paths than noise alone.
    fc.tuple(fc.constantFrom(BARESIP, FREESWITCH_WITH_VIDEO), fc.nat(), fc.string({ maxLength: 40 })).map(([s, at, junk]) => {
      const lines = s.split('\r\n');
      lines.splice(at % lines.length, 1, junk);
      return lines.join('\r\n');
    }),
  );
  fc.assert(
    fc.property(text, (t) => {
      const r = answerOffer(t, local);
      assert.equal(typeof r.ok, 'boolean');
      assert.equal(typeof readAnswer(BARESIP, t).ok, 'boolean');
      assert.equal(typeof readAnswer(t, BARESIP).ok, 'boolean');
    }),
    { numRuns: 1500 },
  );
});

const mline = fc.record({
  type: fc.constantFrom('audio', 'audio', 'video', 'application', 'image'),
  port: fc.oneof(fc.constant(0), fc.integer({ min: 1024, max: 65534 })),
  pts: fc.uniqueArray(fc.constantFrom(0, 3, 8, 9, 18, 96, 101, 110), { minLength: 1, maxLength: 5 }),
  te: fc.boolean(),
  dir: fc.constantFrom(undefined, 'sendrecv', 'sendonly', 'recvonly', 'inactive'),
  ptime: fc.option(fc.constantFrom(10, 20, 30, 40), { nil: undefined }),
});

const offerText = fc
  .record({ v6: fc.boolean(), host: fc.integer({ min: 1, max: 254 }), media: fc.array(mline, { minLength: 1, maxLength: 4 }) })
  .map(({ v6, host, media }) => {
    const c = v6 ? `IN IP6 2001:db8::${host.toString(16)}` : `IN IP4 198.51.100.${host}`;
    const lines = ['v=0', `o=- 42 7 ${c}`, 's=-', `c=${c}`, 't=0 0'];
    for (const m of media) {
      const pts = m.te && m.type === 'audio' ? [...m.pts.filter((p) => p !== 101), 101] : m.pts;
      lines.push(`m=${m.type} ${m.port} RTP/AVP ${pts.join(' ')}`);
      if (pts.includes(101)) lines.push('a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15');
      if (pts.includes(110)) lines.push('a=rtpmap:110 PCMA/8000');
      if (m.ptime) lines.push(`a=ptime:${m.ptime}`);
      if (m.dir) lines.push(`a=${m.dir}`);
    }
    return { text: lines.join('\r\n') + '\r\n', media };
  });

test('generated valid offers: the answer parses, keeps the m-line count and types, and reads back as the same media', () => {
  fc.assert(
    fc.property(offerText, ({ text, media }) => {
      const r = answerOffer(text, local);
      const usable = media.some((m) => m.type === 'audio' && m.port !== 0 && m.pts.some((p) => p === 0 || p === 8 || p === 110));
      assert.equal(r.ok, usable, r.ok ? '' : r.reason);
      if (!r.ok) return;
      const parsed = parseSdp(r.sdp);
      assert.ok(parsed.ok);
      assert.deepEqual(
        parsed.media.map((m) => m.type),
        media.map((m) => m.type),
      );
      assert.equal(parsed.media.filter((m) => m.port !== 0).length, 1, 'exactly one accepted stream');
      // Read our answer back from the offerer's side: it must agree on codec and payload type.
      const back = readAnswer(text, r.sdp);
      assert.ok(back.ok, back.ok ? '' : back.reason);
      assert.equal(back.codec, r.media.codec);
      assert.equal(back.payloadType, r.media.payloadType);
      assert.equal(back.telephoneEventPt, r.media.telephoneEventPt);
    }),
    { numRuns: 1000 },
  );
});

test('createOffer → answerOffer → readAnswer agree for any options', () => {
  const opts = fc.record({
    codecs: fc.uniqueArray(fc.constantFrom('PCMU' as const, 'PCMA' as const), { minLength: 1, maxLength: 2 }),
    theirs: fc.uniqueArray(fc.constantFrom('PCMU' as const, 'PCMA' as const), { minLength: 1, maxLength: 2 }),
    te: fc.option(fc.integer({ min: 96, max: 127 }), { nil: undefined }),
    dir: fc.constantFrom('sendrecv' as const, 'sendonly' as const, 'recvonly' as const, 'inactive' as const),
    mux: fc.boolean(),
  });
  fc.assert(
    fc.property(opts, (o) => {
      const offer = createOffer({
        address: '192.0.2.1',
        port: 4000,
        sessionId: '9',
        sessionVersion: 1,
        codecs: o.codecs,
        telephoneEventPt: o.te,
        direction: o.dir,
        rtcpMux: o.mux,
      });
      const a = answerOffer(offer, { ...local, codecs: o.theirs });
      const common = o.codecs.filter((c) => o.theirs.includes(c));
      assert.equal(a.ok, common.length > 0);
      if (!a.ok) return;
      assert.equal(a.media.codec, common[0], "the offerer's first common codec");
      const back = readAnswer(offer, a.sdp);
      assert.ok(back.ok);
      assert.equal(back.codec, common[0]);
      assert.equal(back.telephoneEventPt, o.te);
      assert.equal(back.rtcpMux, o.mux);
      assert.equal(back.remotePort, 30000);
    }),
    { numRuns: 500 },
  );
});

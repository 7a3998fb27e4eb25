import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EndStatus } from '../../../../src/domain/end-status.ts';
import type { DtmfDigit, LineFailure, PlaybackDone } from '../../../../src/telephony/carrier.ts';
import { HAS_SIPP, skipUnless } from '../../../e2e/support/peers.ts';
import { freeUdpPort, runSipp } from '../../../e2e/support/sipp.ts';
import { openCarrier, recordEvents, rtpSink, scenario, settingsFor, until, writeTonePrompt, udpPortTaken } from './support.ts';

// The SIP carrier against SIPp as the trunk's callee, on 127.0.0.1 (issue 14 items 1, 2, 4, 8).
const skip = skipUnless(HAS_SIPP, 'sipp is not installed (apt-get install sip-tester)');
const dial = { sessionId: 's-1', caller: '008610000000001', callee: '+8613800000001', maxRingMs: 20_000 };

test(
  'answered: ringing, answered, our prompt reaches the callee 20 ms apart, its RFC 4733 "1" arrives as dtmf, our BYE ends it',
  { skip },
  async () => {
    const sippPort = await freeUdpPort();
    const sink = await rtpSink();
    const { carrier, dir, cleanup } = await openCarrier(settingsFor(sippPort));
    try {
      const sipp = runSipp(scenario('uas-answer-dtmf.xml'), sippPort, undefined, ['-key', 'rtp_sink', String(sink.port)]);
      await udpPortTaken(sippPort);
      const leg = carrier.dial(dial);
      const events = recordEvents(leg);
      const prompt = writeTonePrompt(dir);
      leg.on('answered', () => leg.play('p1', { kind: 'audio', path: prompt }, { bargeIn: true }));
      leg.on('dtmf', () => leg.hangup());
      await until(() => events.some((e) => e.name === 'close'), 10_000, 'the call to end');
      const r = await sipp;
      assert.equal(r.code, 0, r.output);
      const names = events.map((e) => e.name);
      assert.deepEqual(names, ['ringing', 'answered', 'playbackDone', 'dtmf', 'close'], JSON.stringify(events));
      const digit = events.find((e) => e.name === 'dtmf')!.args[0] as DtmfDigit;
      assert.equal(digit.digit, '1');
      assert.equal(digit.source, 'rfc4733');
      assert.ok(digit.mediaTimeMs >= 900 && digit.mediaTimeMs < 3000, `mediaTimeMs ${digit.mediaTimeMs}`);
      // The 1 s prompt was cut by the digit at the carrier (barge-in), not finished.
      assert.deepEqual(events.find((e) => e.name === 'playbackDone')!.args[0] as PlaybackDone, { playbackId: 'p1', reason: 'bargeIn' });
      // Until SIPp's own RTP latched us onto its media port, our packets went to the SDP's address: the sink.
      const pcmu = sink.packets.filter((p) => p.pt === 0);
      assert.ok(pcmu.length >= 30, `the sink got ${pcmu.length} PCMU packets`);
      const gaps = pcmu.slice(1).map((p, i) => p.atMs - pcmu[i]!.atMs);
      const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
      // Paced at 20 ms: a loaded CI machine stretches single gaps, but the mean stays near 20 (bursts or a wrong ptime would not).
      assert.ok(Math.abs(mean - 20) < 5, `mean gap ${mean.toFixed(2)} ms`);
      assert.equal(carrier.activeCalls(), 0);
      // The call's RTP figures join the carrier's totals as its media closes (Carrier.stats, read by /metrics).
      await until(() => (carrier.stats().rtpPacketsSentTotal ?? 0) > 0, 2_000, 'the RTP totals');
      const stats = carrier.stats();
      assert.ok(stats.rtpPacketsSentTotal! >= pcmu.length, JSON.stringify(stats));
      assert.ok(stats.rtpPacketsReceivedTotal! > 0, JSON.stringify(stats));
      assert.equal(stats.rtpSessions, 0);
      // 180 and 200 to our INVITE, 200 to our BYE (retransmissions would count too, hence at least).
      assert.ok(stats.sipResponsesReceivedTotal! >= 3, JSON.stringify(stats));
    } finally {
      sink.socket.close();
      await cleanup();
    }
  },
);

for (const [status, endStatus] of [
  ['486 Busy Here', EndStatus.busy],
  ['603 Decline', EndStatus.userReject],
  ['404 Not Found', EndStatus.numberNotExist],
] as const) {
  test(`refused ${status}: ringing, then failed with EndStatus ${endStatus}`, { skip }, async () => {
    const sippPort = await freeUdpPort();
    const { carrier, cleanup } = await openCarrier(settingsFor(sippPort));
    try {
      const sipp = runSipp(scenario('uas-reject.xml').replaceAll('[status]', status), sippPort);
      await udpPortTaken(sippPort);
      const leg = carrier.dial(dial);
      const events = recordEvents(leg);
      await until(() => events.some((e) => e.name === 'close'), 10_000, 'the failure');
      const r = await sipp;
      assert.equal(r.code, 0, r.output);
      assert.deepEqual(
        events.map((e) => e.name),
        ['ringing', 'failed', 'close'],
      );
      const f = events[1]!.args[0] as LineFailure;
      assert.equal(f.endStatus, endStatus);
      assert.equal(f.sipStatus, Number(status.slice(0, 3)));
    } finally {
      await cleanup();
    }
  });
}

test('never answered: the ring timeout sends CANCEL (SIPp sees it, 487, ACK) and fails notAnswer', { skip }, async () => {
  const sippPort = await freeUdpPort();
  const { carrier, cleanup } = await openCarrier(settingsFor(sippPort));
  try {
    const sipp = runSipp(scenario('uas-no-answer.xml'), sippPort);
    await udpPortTaken(sippPort);
    const leg = carrier.dial({ ...dial, maxRingMs: 1500 });
    const events = recordEvents(leg);
    await until(() => events.some((e) => e.name === 'close'), 10_000, 'the ring timeout');
    const r = await sipp;
    assert.equal(r.code, 0, r.output);
    assert.deepEqual(
      events.map((e) => e.name),
      ['ringing', 'failed', 'close'],
    );
    assert.equal((events[1]!.args[0] as LineFailure).endStatus, EndStatus.notAnswer);
    assert.ok(events[1]!.at - events[0]!.at >= 1400, 'after maxRingMs');
    // The trace kept routing after close until the CANCELled INVITE's 487 came (and was ACKed).
    const trace = (await leg.trace!())!;
    const lines = trace.sip.map(
      (e) => `${e.direction} ${/^SIP\/2\.0 (\d+)/.exec(e.startLine)?.[1] ?? e.startLine.split(' ')[0]} ${e.cseq}`,
    );
    assert.deepEqual(
      lines.filter((l) => !l.includes(' 100 ')),
      ['out INVITE 1 INVITE', 'in 180 1 INVITE', 'out CANCEL 1 CANCEL', 'in 200 1 CANCEL', 'in 487 1 INVITE', 'out ACK 1 ACK'],
      lines.join('\n'),
    );
    assert.equal(trace.media?.packetsSent, 0, 'the media opened for the offer sends nothing before an answer');
  } finally {
    await cleanup();
  }
});

test('hangup() while ringing: CANCEL, no line event but close', { skip }, async () => {
  const sippPort = await freeUdpPort();
  const { carrier, cleanup } = await openCarrier(settingsFor(sippPort));
  try {
    const sipp = runSipp(scenario('uas-no-answer.xml'), sippPort);
    await udpPortTaken(sippPort);
    const leg = carrier.dial(dial);
    const events = recordEvents(leg);
    leg.on('ringing', () => leg.hangup());
    const r = await sipp;
    assert.equal(r.code, 0, r.output);
    assert.deepEqual(
      events.map((e) => e.name),
      ['ringing', 'close'],
    );
  } finally {
    await cleanup();
  }
});

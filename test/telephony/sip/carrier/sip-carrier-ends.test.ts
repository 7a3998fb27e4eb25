import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CarrierCapacityError, type LineHangup, type RecordingResult } from '../../../../src/telephony/carrier.ts';
import { HAS_SIPP, skipUnless } from '../../../e2e/support/peers.ts';
import { freeUdpPort, runSipp, sippUasDigest } from '../../../e2e/support/sipp.ts';
import { openCarrier, recordEvents, scenario, settingsFor, until, udpPortTaken } from './support.ts';

// End paths after answer, trunk limits and a digest trunk (issue 14 items 4, 5, 8).
const skip = skipUnless(HAS_SIPP, 'sipp is not installed (apt-get install sip-tester)');
const dial = { sessionId: 's-1', caller: '008610000000001', callee: '+8613800000001', maxRingMs: 20_000 };

test('a full trunk queue: dial() throws CarrierCapacityError at once, and a released slot takes the next call', async () => {
  const deadPort = await freeUdpPort(); // nobody answers: the first INVITE just holds its slot
  const { carrier, cleanup } = await openCarrier(settingsFor(deadPort, { maxConcurrentCalls: 1, queueSeconds: 0 }));
  try {
    const first = carrier.dial(dial);
    assert.throws(() => carrier.dial({ ...dial, sessionId: 's-2' }), CarrierCapacityError);
    first.close();
    await new Promise((r) => setTimeout(r, 1100)); // callsPerSecond spacing
    const second = carrier.dial({ ...dial, sessionId: 's-3' });
    second.close();
    assert.equal(carrier.activeCalls(), 0);
  } finally {
    await cleanup();
  }
});

test('carrier.close() with an answered call sends BYE (SIPp answers it) before the sockets close', { skip }, async () => {
  const sippPort = await freeUdpPort();
  const { carrier, cleanup } = await openCarrier(settingsFor(sippPort));
  try {
    const sipp = runSipp(scenario('uas-answer-wait-bye.xml'), sippPort);
    await udpPortTaken(sippPort);
    const leg = carrier.dial(dial);
    const events = recordEvents(leg);
    await until(() => events.some((e) => e.name === 'answered'), 10_000, 'answer');
    await carrier.close();
    const r = await sipp;
    assert.equal(r.code, 0, r.output);
    assert.deepEqual(
      events.map((e) => e.name),
      ['ringing', 'answered', 'close'],
    );
  } finally {
    await cleanup();
  }
});

test('no RTP from the callee for rtpTimeoutSeconds: BYE, and the app hears hangup', { skip }, async () => {
  const sippPort = await freeUdpPort();
  const { carrier, cleanup } = await openCarrier({ ...settingsFor(sippPort), rtpTimeoutSeconds: 1 });
  try {
    const sipp = runSipp(scenario('uas-answer-wait-bye.xml'), sippPort);
    await udpPortTaken(sippPort);
    const leg = carrier.dial(dial);
    const events = recordEvents(leg);
    await until(() => events.some((e) => e.name === 'close'), 10_000, 'the RTP timeout');
    const r = await sipp;
    assert.equal(r.code, 0, r.output);
    assert.deepEqual(
      events.map((e) => e.name),
      ['ringing', 'answered', 'hangup', 'close'],
    );
    assert.match((events[2]!.args[0] as LineHangup).reason, /no RTP/);
    const answeredAt = events[1]!.at;
    assert.ok(events[2]!.at - answeredAt >= 900, 'not before rtpTimeoutSeconds');
  } finally {
    await cleanup();
  }
});

for (const qop of [true, false]) {
  test(`a digest trunk ${qop ? 'with' : 'without'} qop: 401, the INVITE again with credentials, answered`, { skip }, async () => {
    const sippPort = await freeUdpPort();
    const { carrier, cleanup } = await openCarrier(settingsFor(sippPort, { username: 'alice', password: 'secret' }));
    try {
      const sipp = runSipp(sippUasDigest(qop), sippPort);
      await udpPortTaken(sippPort);
      const leg = carrier.dial(dial);
      const events = recordEvents(leg);
      await until(() => events.some((e) => e.name === 'answered' || e.name === 'close'), 10_000, 'the answer');
      const r = await sipp;
      assert.equal(r.code, 0, r.output);
      assert.deepEqual(
        events.map((e) => e.name),
        ['answered'],
      );
      leg.close();
    } finally {
      await cleanup();
    }
  });
}

test('record() on an answered call: stop() completes a stereo WAV of about the recorded time, then done', { skip }, async () => {
  const sippPort = await freeUdpPort();
  const { carrier, dir, cleanup } = await openCarrier(settingsFor(sippPort));
  try {
    const sipp = runSipp(scenario('uas-answer-wait-bye.xml'), sippPort);
    await udpPortTaken(sippPort);
    const leg = carrier.dial(dial);
    const events = recordEvents(leg);
    await until(() => events.some((e) => e.name === 'answered'), 10_000, 'answer');
    const path = join(dir, 'call.wav');
    const rec = leg.record({ channels: 'stereo', path });
    const done: RecordingResult[] = [];
    rec.on('done', (r) => done.push(r));
    await new Promise((r) => setTimeout(r, 1000));
    rec.stop();
    await until(() => done.length === 1, 5000, 'the recording');
    assert.equal(done[0]!.path, path);
    assert.equal(done[0]!.error, undefined);
    assert.ok(done[0]!.durationMs >= 800 && done[0]!.durationMs <= 1500, `durationMs ${done[0]!.durationMs}`);
    const header = readFileSync(path).subarray(0, 44);
    assert.equal(header.toString('latin1', 0, 4), 'RIFF');
    assert.equal(header.readUInt16LE(22), 2, 'stereo');
    assert.equal(header.readUInt32LE(24), 8000);
    leg.hangup();
    const r = await sipp;
    assert.equal(r.code, 0, r.output);
  } finally {
    await cleanup();
  }
});

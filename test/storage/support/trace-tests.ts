import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { CallTrace } from '../../../src/domain/call-trace.ts';
import type { Storage } from '../../../src/storage/repositories.ts';
import { aFinishedSession, freshAppId, T0 } from './fixtures.ts';

/** A trace with what a real one carries: CRLF text with SDP, non-ASCII, a gap, and media figures. */
function aTrace(over: Partial<CallTrace> = {}): CallTrace {
  const invite = 'INVITE sip:+8613800000000@203.0.113.9 SIP/2.0\r\nFrom: "\u5f20\u4e09" <sip:0200@x>;tag=a\r\n\r\nv=0\r\n';
  return {
    sip: [
      {
        atMs: T0,
        direction: 'out',
        transport: 'UDP',
        remote: '203.0.113.9:5060',
        startLine: 'INVITE sip:+8613800000000@203.0.113.9 SIP/2.0',
        callId: 'c1@x',
        cseq: '1 INVITE',
        bytes: Buffer.byteLength(invite) + 900,
        text: invite,
        textCutBytes: 900,
      },
      {
        atMs: T0 + 2_500,
        direction: 'in',
        transport: 'UDP',
        remote: '[2001:db8::1]:5060',
        startLine: 'SIP/2.0 486 Busy Here',
        callId: 'c1@x',
        cseq: '1 INVITE',
        bytes: 300,
        text: 'SIP/2.0 486 Busy Here\r\nReason: Q.850;cause=17\r\n\r\n',
      },
    ],
    sipDropped: 3,
    sipDroppedAt: 1,
    media: {
      packetsSent: 1500,
      octetsSent: 240_000,
      packetsReceived: 1490,
      packetsLost: 10,
      jitterMs: 2.375,
      late: 1,
      lostFrames: 10,
      duplicates: 0,
      invalid: 0,
      unknownPayloadType: 0,
      foreign: 0,
      rtcpSent: 6,
      rtcpReceived: 5,
      digitsReceived: 2,
      digitsSent: 0,
      socketErrors: 0,
      latched: true,
      codec: 'PCMU/8000',
    },
    ...over,
  };
}

export function traceTests(storage: () => Storage): void {
  test('get of a session without a trace is undefined', async () => {
    assert.equal(await storage().traces.get(randomUUID()), undefined);
  });

  test('a saved trace round trips exactly, with its time', async () => {
    const id = randomUUID();
    const trace = aTrace();
    await storage().traces.save(id, trace, T0 + 70_000);
    assert.deepStrictEqual(await storage().traces.get(id), { trace, createdAtMs: T0 + 70_000 });
  });

  test('a second save replaces the first; other sessions keep theirs', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await storage().traces.save(a, aTrace({ sipDropped: 0, sip: [] }), T0);
    await storage().traces.save(b, aTrace(), T0);
    const later = aTrace();
    delete later.media;
    await storage().traces.save(a, later, T0 + 1);
    assert.deepStrictEqual(await storage().traces.get(a), { trace: later, createdAtMs: T0 + 1 });
    assert.deepStrictEqual((await storage().traces.get(b))?.trace, aTrace());
  });

  test('a large trace (100 messages of 4 KB) round trips', async () => {
    const id = randomUUID();
    const one = aTrace().sip[0]!;
    const trace = aTrace({ sip: Array.from({ length: 100 }, (_, i) => ({ ...one, atMs: T0 + i, text: `${i}`.padEnd(4096, 'x') })) });
    await storage().traces.save(id, trace, T0);
    assert.deepStrictEqual((await storage().traces.get(id))?.trace, trace);
  });

  test('sessions.find reads a session by id alone, whatever its app', async () => {
    const s = aFinishedSession({ sdkAppId: freshAppId() });
    await storage().finishSession(s);
    assert.deepStrictEqual(await storage().sessions.find(s.sessionId), s);
    assert.equal(await storage().sessions.find(randomUUID()), undefined);
  });
}

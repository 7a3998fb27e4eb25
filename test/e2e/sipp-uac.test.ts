import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemClock } from '../../src/shared/clock.ts';
import { DigestClient } from '../../src/telephony/sip/auth/digest-client.ts';
import { InviteUac, UserAgentCore, type FailureOutcome } from '../../src/telephony/sip/ua/index.ts';
import { SessionManager } from '../../src/telephony/sip/ua/session/index.ts';
import { HAS_SIPP, skipUnless } from './support/peers.ts';
import { freeUdpPort, runSipp, sippUas100rel, sippUasAnswer, sippUasDigest, sippUasReject } from './support/sipp.ts';

// Our UA places the call, SIPp answers as the UAS (issue 12 item 8).
const skip = skipUnless(HAS_SIPP, 'sipp is not installed (apt-get install sip-tester)');
/** SIPp exits after 15 s (-timeout): a test still running long after that is hung, and fails instead. */
const timeout = 60_000;
const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

interface Seen {
  provisional: number[];
  answered?: { status: number; sdp: boolean; toTag: boolean };
  failed?: FailureOutcome;
}

async function call(scenario: string, digest?: DigestClient): Promise<{ code: number | null; output: string; seen: Seen }> {
  assert.ok(HAS_SIPP, 'OPENCCC_REQUIRE_SIP_PEERS=1 but sipp is missing');
  const ua = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock: new SystemClock() });
  const port = await freeUdpPort();
  const sipp = runSipp(scenario, port);
  await new Promise((r) => setTimeout(r, 300)); // SIPp binds its port
  const seen: Seen = { provisional: [] };
  const done = new Promise<void>((resolve) => {
    const c = new InviteUac(ua, {
      destination: { transport: 'UDP', host: '127.0.0.1', port },
      uri: `sip:sipp@127.0.0.1:${port}`,
      sdp: SDP,
      ...(digest ? { digest } : {}),
    });
    c.on('provisional', (p) => seen.provisional.push(p.status));
    c.on('answered', (a) => {
      seen.answered = { status: a.response.status, sdp: a.sdp !== undefined, toTag: a.toTag !== undefined };
      resolve();
    });
    c.on('failed', (f) => {
      seen.failed = f;
      resolve();
    });
  });
  try {
    await done;
    const r = await sipp;
    return { ...r, seen };
  } finally {
    await ua.close();
  }
}

test('the UA calls SIPp: 180, then 200 with SDP and a To tag; SIPp gets its ACK', { skip, timeout }, async () => {
  const r = await call(sippUasAnswer());
  assert.equal(r.code, 0, r.output);
  assert.deepEqual(r.seen.provisional, [180]);
  assert.deepEqual(r.seen.answered, { status: 200, sdp: true, toTag: true });
});

test('the UA calls a busy SIPp: failed 486, ACKed by the transaction', { skip, timeout }, async () => {
  const r = await call(sippUasReject('486 Busy Here'));
  assert.equal(r.code, 0, r.output);
  assert.equal(r.seen.failed?.status, 486);
});

for (const qop of [true, false]) {
  test(
    `digest ${qop ? 'with' : 'without'} qop: SIPp challenges 401, verifies the retried INVITE, answers 200`,
    { skip, timeout },
    async () => {
      const digest = new DigestClient({ credentials: { username: 'alice', password: 'secret' }, cnonce: () => 'a1b2c3d4' });
      const r = await call(sippUasDigest(qop), digest);
      assert.equal(r.code, 0, r.output);
      assert.equal(r.seen.answered?.status, 200);
    },
  );
}

test('digest with the wrong password: SIPp refuses (403), and the call fails', { skip, timeout }, async () => {
  const digest = new DigestClient({ credentials: { username: 'alice', password: 'wrong' }, cnonce: () => 'a1b2c3d4' });
  const r = await call(sippUasDigest(true), digest);
  assert.notEqual(r.code, 0);
  assert.equal(r.seen.failed?.status, 403);
});

test(
  'a 100rel SIPp UAS: one PRACK for its reliable 180 (the copy is not PRACKed), 200, ACK, and its BYE ends our session',
  { skip, timeout },
  async () => {
    assert.ok(HAS_SIPP, 'OPENCCC_REQUIRE_SIP_PEERS=1 but sipp is missing');
    const ua = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock: new SystemClock() });
    const sessions = new SessionManager(ua);
    const port = await freeUdpPort();
    const sipp = runSipp(sippUas100rel(), port);
    await new Promise((r) => setTimeout(r, 300)); // SIPp binds its port
    try {
      const out = sessions.call({
        destination: { transport: 'UDP', host: '127.0.0.1', port },
        uri: `sip:sipp@127.0.0.1:${port}`,
        sdp: SDP,
      });
      const rseqs: (number | undefined)[] = [];
      out.uac.on('provisional', (p) => rseqs.push(p.rseq));
      const sippGaveUp = (what: string) =>
        new Promise<never>((_, reject) => {
          void sipp.then((r) => setTimeout(() => reject(new Error(`SIPp exited (${r.code}) before ${what}:\n${r.output}`)), 2000));
        });
      const session = await Promise.race([out.session, sippGaveUp('the call was answered')]);
      assert.ok(session, 'the call was answered');
      // SIPp giving up (it exits after -timeout) must fail the test with its output, not leave it waiting forever.
      const ended = await new Promise<{ reason: string }>((resolve, reject) => {
        session.once('ended', resolve);
        void sipp.then((r) =>
          setTimeout(() => reject(new Error(`SIPp exited (${r.code}) and our session never ended:\n${r.output}`)), 2000),
        );
      });
      const r = await sipp;
      assert.equal(r.code, 0, r.output);
      assert.deepEqual(rseqs, [1], 'the reliable 180 surfaced once, with its RSeq');
      assert.equal(ended.reason, 'remote-bye');
      assert.equal(sessions.size, 0);
    } finally {
      await ua.close();
    }
  },
);

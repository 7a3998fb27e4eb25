import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import tencentcloud from 'tencentcloud-sdk-nodejs';
import wavefile from 'wavefile';
import { VirtualClock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { loadConfigFile } from '../../src/app/config/load.ts';
import { startServer, type RunningServer } from '../../src/cli/start-server.ts';
import { describeTelCdr } from '../../src/app/use-cases/describe-tel-cdr.ts';
import type { CccClient } from './support/live-server.ts';
import { APP, CALLERS, IVR, SECRET_ID, SECRET_KEY, writeTestWorld } from './support/test-world.ts';

// The whole recording path through the official SDK: a record: true IVR on the simulated
// carrier, the CDR's RecordURL, a download without credentials, and its refusals. The server
// runs on a virtual clock (started at the real time, so SDK signatures stay in their window) so
// that the URL's expiry can be passed without waiting.
const TTL_S = 120;

describe('recordings: record: true IVR -> RecordURL in the CDR -> signed download', () => {
  let world: ReturnType<typeof writeTestWorld>;
  let server: RunningServer;
  let client: CccClient;
  let clock: VirtualClock;

  before(async () => {
    world = writeTestWorld({ recordIvr: true, extraYaml: `recordings: { urlTtlSeconds: ${TTL_S}, retentionDays: 7 }` });
    clock = new VirtualClock(Date.now());
    server = await startServer({ loaded: loadConfigFile(world.file), listen: '127.0.0.1:0', logger: silentLogger, clock });
    client = new tencentcloud.ccc.v20200210.Client({
      credential: { secretId: SECRET_ID, secretKey: SECRET_KEY },
      region: 'ap-guangzhou',
      profile: { httpProfile: { endpoint: `127.0.0.1:${server.port}`, protocol: 'http://', reqTimeout: 10 } },
    });
  });
  after(async () => {
    await server?.close();
    world?.cleanup();
  });

  /**
   * Runs virtual time in small steps until the call has ended, then stops the clock and waits
   * (in real time) for its file and CDR to be written: the recorder's bounded wait for the file
   * runs on the virtual clock, so time must not race ahead of the disk.
   */
  async function runUntilCdr(sessionId: string) {
    for (let i = 0; i < 400; i++) {
      const live = server.app.calls.get(sessionId);
      if (!live || live.record.status === 'finished') {
        await live?.closed;
        const [cdr] = await server.app.storage.cdrs.getMany(APP, [sessionId]);
        if (cdr) return cdr;
        throw new Error(`no CDR for ${sessionId}`);
      }
      clock.advance(250);
      for (let j = 0; j < 3; j++) await new Promise((r) => setImmediate(r));
    }
    throw new Error(`the call ${sessionId} did not end`);
  }

  async function describeCdr(sessionId: string) {
    const now = Math.floor(clock.now() / 1000);
    const res = await client.DescribeTelCdr({
      SdkAppId: APP,
      StartTimeStamp: now - 600,
      EndTimeStamp: now + 5,
      PageSize: 10,
      PageNumber: 0,
      SessionIds: [sessionId],
    });
    assert.equal(res.TotalCount, 1);
    return res.TelCdrList![0]!;
  }

  test('an answered call is recorded from answer to hangup; its URL downloads without credentials and is refused once tampered or expired', async () => {
    const { SessionId } = await client.CreateIVRSession({ SdkAppId: APP, Callee: '008613800000000', IVRId: IVR, Callers: [CALLERS[0]!] });
    const stored = await runUntilCdr(SessionId!);
    const cdr = await describeCdr(SessionId!);
    assert.match(cdr.RecordId!, /^[0-9a-f]{32}$/);
    assert.notEqual(cdr.RecordId, SessionId);
    const url = new URL(cdr.RecordURL!);
    assert.equal(url.origin, server.url, 'on openccc own HTTP address');
    assert.equal(url.pathname, `/recordings/${cdr.RecordId}.wav`);
    const expires = Number(url.searchParams.get('expires'));
    assert.equal(expires, Math.floor(clock.now() / 1000) + TTL_S);
    assert.match(url.searchParams.get('signature')!, /^[0-9a-f]{64}$/);

    // No credentials: the signature in the query is the credential.
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'audio/wav');
    const body = Buffer.from(await res.arrayBuffer());
    assert.equal(Number(res.headers.get('content-length')), body.length);
    const wav = new wavefile.WaveFile(body);
    const fmt = wav.fmt as { numChannels: number; sampleRate: number; bitsPerSample: number };
    assert.deepEqual([fmt.numChannels, fmt.sampleRate, fmt.bitsPerSample], [1, 8000, 16]);
    const samples = (wav.getSamples(false, Int16Array) as unknown as Int16Array).length;
    const callMs = stored.endedAt! - stored.acceptAt!;
    assert.ok(callMs > 0);
    assert.equal(Math.round((samples / 8000) * 1000), callMs, 'the WAV lasts exactly from answer to hangup');

    const head = await fetch(url, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(Number(head.headers.get('content-length')), body.length);

    // Range: a player seeking.
    const part = await fetch(url, { headers: { range: 'bytes=0-43' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 0-43/${body.length}`);
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), body.subarray(0, 44));

    const beyond = await fetch(url, { headers: { range: `bytes=${body.length}-` } });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers.get('content-range'), `bytes */${body.length}`);

    // A fresh read mints a fresh link to the same recording.
    clock.advance(5_000);
    const again = await describeCdr(SessionId!);
    assert.equal(again.RecordId, cdr.RecordId);
    assert.equal(Number(new URL(again.RecordURL!).searchParams.get('expires')), expires + 5);

    const refusal = async (u: string | URL, status: number, code: string) => {
      const r = await fetch(u);
      assert.equal(r.status, status, String(u));
      const json = (await r.json()) as { Response: { Error: { Code: string } } };
      assert.equal(json.Response.Error.Code, code);
    };
    const tampered = new URL(url);
    const sig = tampered.searchParams.get('signature')!;
    tampered.searchParams.set('signature', `${sig[0] === '0' ? '1' : '0'}${sig.slice(1)}`);
    await refusal(tampered, 403, 'AuthFailure.SignatureFailure');
    const later = new URL(url);
    later.searchParams.set('expires', String(expires + 3600));
    await refusal(later, 403, 'AuthFailure.SignatureFailure');
    await refusal(`${server.url}${url.pathname}`, 403, 'AuthFailure.SignatureFailure');
    // An id that does not exist looks the same as one that does, until the signature is valid.
    await refusal(`${server.url}/recordings/${'0'.repeat(32)}.wav${url.search}`, 403, 'AuthFailure.SignatureFailure');
    await refusal(`${server.url}/recordings/..%2F..%2Fopenccc.db${url.search}`, 403, 'AuthFailure.SignatureFailure');

    clock.advance(TTL_S * 1000);
    await refusal(url, 403, 'AuthFailure.SignatureExpire');
  });

  test('a validly signed URL of a recording that is gone answers 404; retention removes file, row and the CDR link', async () => {
    const { SessionId } = await client.CreateIVRSession({ SdkAppId: APP, Callee: '008613800000001', IVRId: IVR, Callers: [CALLERS[0]!] });
    await runUntilCdr(SessionId!);
    const cdr = await describeCdr(SessionId!);
    const recording = await server.app.storage.recordings.get(cdr.RecordId!);
    assert.ok(recording && existsSync(recording.path));
    assert.ok(statSync(recording.path).size > 44);
    const url = cdr.RecordURL!;
    // Eight days on (past retentionDays: 7), the sweeper's next hourly run deletes it.
    clock.advance(8 * 86_400_000);
    for (let h = 0; h < 50 && existsSync(recording.path); h++) {
      await new Promise((r) => setTimeout(r, 20));
      clock.advance(3_600_000);
    }
    for (let j = 0; j < 50 && (await server.app.storage.recordings.get(cdr.RecordId!)); j++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(existsSync(recording.path), false);
    assert.equal(await server.app.storage.recordings.get(cdr.RecordId!), undefined);
    const link = server.app.recordings.urlFor(cdr.RecordId!);
    const r = await fetch(link);
    assert.equal(r.status, 404);
    assert.equal(((await r.json()) as { Response: { Error: { Code: string } } }).Response.Error.Code, 'ResourceNotFound');
    assert.notEqual(link, url);
    // Days later the SDK's real-time signature would be outside the server's window: read through the use case.
    const now = Math.floor(clock.now() / 1000);
    const page = await describeTelCdr(server.app, {
      secretId: SECRET_ID,
      sdkAppId: APP,
      startTimeStamp: now - 9 * 86_400,
      endTimeStamp: now,
      paging: { kind: 'page', pageSize: 10, pageNumber: 0 },
      sessionIds: [SessionId!],
    });
    const shown = JSON.parse(page.items[0]!.telCdrJson) as { RecordURL: string; RecordId: string };
    assert.deepEqual([shown.RecordURL, shown.RecordId], ['', ''], 'the CDR then shows no recording');
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import wavefile from 'wavefile';
import { newSessionRecord } from '../../../src/domain/session.ts';
import { describeTelCdr } from '../../../src/app/use-cases/describe-tel-cdr.ts';
import { cdrOf } from '../../storage/support/cdr-read.ts';
import { APP, OUTBOUND_IVR, OURS, REMOTE, openInboundWorld, run } from './support/inbound-world.ts';

// Recording in the app layer, on the sim carrier, a virtual clock and real SQLite: an inbound
// IVR with record: true is recorded from answer to hangup and its CDR links it; an IVR without
// it leaves no file and no link.

const SECRET_ID = 'AKIDinboundTest00000001';

async function telCdrOf(w: Awaited<ReturnType<typeof openInboundWorld>>, sessionId: string) {
  const now = Math.floor(w.clock.now() / 1000);
  const page = await describeTelCdr(w.app, {
    secretId: SECRET_ID,
    sdkAppId: APP,
    startTimeStamp: now - 600,
    endTimeStamp: now,
    paging: { kind: 'page', pageSize: 10, pageNumber: 0 },
    sessionIds: [sessionId],
  });
  assert.equal(page.total, 1);
  return JSON.parse(page.items[0]!.telCdrJson) as { RecordURL: string; RecordId: string; Direction: number };
}

test('an inbound call of a record: true IVR: the WAV lasts from answer to hangup, the CDR has RecordId and a signed RecordURL', async () => {
  const w = await openInboundWorld({ recordInbound: true });
  try {
    w.carrier.offer({ caller: REMOTE, callee: OURS, digits: '1' });
    await run(w.clock, 6_000);
    await w.accepted();
    const [id] = w.created();
    await w.calls.get(id!)?.closed;
    const cdr = await cdrOf(w.storage, APP, id!);
    assert.ok(cdr?.acceptAt && cdr.endedAt);
    const tel = await telCdrOf(w, id!);
    assert.equal(tel.Direction, 0);
    assert.match(tel.RecordId, /^[0-9a-f]{32}$/);
    const url = new URL(tel.RecordURL);
    assert.equal(url.pathname, `/recordings/${tel.RecordId}.wav`);
    const stored = await w.storage.recordings.get(tel.RecordId);
    assert.equal(stored?.sessionId, id);
    assert.equal(stored?.path, join(w.dir, 'data', 'recordings', `${tel.RecordId}.wav`));
    assert.equal(stored?.durationMs, cdr.endedAt - cdr.acceptAt);
    const wav = new wavefile.WaveFile(readFileSync(stored!.path));
    const samples = (wav.getSamples(false, Int16Array) as unknown as Int16Array).length;
    assert.equal((samples / 8000) * 1000, cdr.endedAt - cdr.acceptAt);
    // The signed URL is the route's own: the lookup accepts it.
    const found = await w.app.recordings.find(`${tel.RecordId}.wav`, url.searchParams.get('expires'), url.searchParams.get('signature'));
    assert.equal(found.found, true);
  } finally {
    await w.close();
  }
});

test('a call of an IVR without record leaves no recording, no file and an empty RecordURL', async () => {
  const w = await openInboundWorld();
  try {
    const ivr = w.app.world.apps.get(APP)!.ivrs.get(OUTBOUND_IVR)!;
    assert.equal(ivr.config.record, false, 'record defaults to false');
    const session = newSessionRecord({
      sessionId: 'f'.repeat(32),
      sdkAppId: APP,
      ivrId: OUTBOUND_IVR,
      callee: '+8613800000001',
      calleeE164: '+8613800000001',
      caller: OURS,
      uui: '',
      variables: {},
      startedAt: w.clock.now(),
      requestId: 'r',
    });
    const call = await w.calls.dial(session, ivr.flow, { maxRingMs: 60_000 }, { record: ivr.config.record });
    await run(w.clock, 8_000);
    await call.closed;
    const cdr = await cdrOf(w.storage, APP, session.sessionId);
    assert.ok(cdr?.acceptAt, 'the call was answered');
    const tel = await telCdrOf(w, session.sessionId);
    assert.deepEqual([tel.RecordURL, tel.RecordId], ['', '']);
    assert.deepEqual(await w.storage.recordings.ofSessions([session.sessionId]), []);
    const dir = join(w.dir, 'data', 'recordings');
    assert.deepEqual(existsSync(dir) ? readdirSync(dir) : [], []);
  } finally {
    await w.close();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Storage, StoredRecording } from '../../../src/storage/repositories.ts';
import { freshAppId, T0 } from './fixtures.ts';

const aRecording = (over: Partial<StoredRecording> = {}): StoredRecording => ({
  recordingId: randomBytes(16).toString('hex'),
  sessionId: randomUUID().replaceAll('-', ''),
  sdkAppId: freshAppId(),
  path: `/var/lib/openccc/recordings/${randomUUID()}.wav`,
  channels: 1,
  durationMs: 61_250,
  createdAtMs: T0,
  ...over,
});

export function recordingTests(storage: () => Storage): void {
  const repo = () => storage().recordings;

  test('insert then get returns the recording as written; an unknown id is undefined', async () => {
    const r = aRecording({ channels: 2, durationMs: 3_600_000 });
    await repo().insert(r);
    assert.deepStrictEqual(await repo().get(r.recordingId), r);
    assert.equal(await repo().get(randomBytes(16).toString('hex')), undefined);
  });

  test('a second insert of the same id is a no-op that keeps the first', async () => {
    const r = aRecording();
    await repo().insert(r);
    await repo().insert({ ...r, durationMs: 1 });
    assert.equal((await repo().get(r.recordingId))?.durationMs, r.durationMs);
  });

  test('ofSessions returns the recordings of the given sessions only; an empty list is empty', async () => {
    const a = aRecording();
    const b = aRecording();
    const other = aRecording();
    for (const r of [a, b, other]) await repo().insert(r);
    const got = await repo().ofSessions([a.sessionId, b.sessionId, 'nosuchsession']);
    assert.deepStrictEqual(got.map((r) => r.recordingId).sort(), [a.recordingId, b.recordingId].sort());
    assert.deepStrictEqual(await repo().ofSessions([]), []);
  });

  test('createdBefore pages oldest first, strictly before the cut; delete removes the rows and counts them', async () => {
    const base = 8_000_000_000_000;
    const old1 = aRecording({ createdAtMs: base - 20 });
    const old2 = aRecording({ createdAtMs: base - 10 });
    const atCut = aRecording({ createdAtMs: base });
    for (const r of [old2, atCut, old1]) await repo().insert(r);
    const due = (await repo().createdBefore(base, 100)).filter((r) => r.createdAtMs >= base - 20);
    assert.deepStrictEqual(
      due.map((r) => r.recordingId),
      [old1.recordingId, old2.recordingId],
    );
    assert.equal((await repo().createdBefore(base, 1)).length, 1);
    assert.equal(await repo().delete([old1.recordingId, old2.recordingId, 'gone']), 2);
    assert.equal(await repo().delete([old1.recordingId]), 0);
    assert.equal(await repo().delete([]), 0);
    assert.equal(await repo().get(old1.recordingId), undefined);
    assert.ok(await repo().get(atCut.recordingId));
  });
}

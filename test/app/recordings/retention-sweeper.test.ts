import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { VirtualClock } from '../../../src/shared/clock.ts';
import { silentLogger } from '../../../src/shared/logger.ts';
import { openStorage } from '../../../src/storage/open-storage.ts';
import type { Storage, StoredRecording } from '../../../src/storage/repositories.ts';
import { RetentionSweeper } from '../../../src/app/recordings/retention-sweeper.ts';

const DAY = 86_400_000;
let dir: string;
let storage: Storage;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'openccc-sweeper-'));
  storage = await openStorage({ kind: 'sqlite', path: join(dir, 'db.sqlite') });
});
after(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

async function aRecording(createdAtMs: number, withFile = true): Promise<StoredRecording> {
  const recordingId = randomBytes(16).toString('hex');
  const path = join(dir, `${recordingId}.wav`);
  if (withFile) writeFileSync(path, 'RIFF');
  const r: StoredRecording = { recordingId, sessionId: recordingId, sdkAppId: 1, path, channels: 1, durationMs: 1000, createdAtMs };
  await storage.recordings.insert(r);
  return r;
}

/**
 * Waits (in real time) until the sweep that a clock step started has finished: the sweeper
 * schedules its next run only then, and it is the only user of the test's clock.
 */
async function settleOn(clock: VirtualClock): Promise<void> {
  for (let i = 0; i < 400 && clock.pendingTimers() === 0; i++) await new Promise((r) => setTimeout(r, 5));
  assert.equal(clock.pendingTimers(), 1, 'the next sweep is scheduled');
}

test('sweeps at start and hourly on the clock: file and row of recordings older than retentionDays go, younger ones stay', async () => {
  const clock = new VirtualClock(Date.UTC(2026, 5, 1));
  const t0 = clock.now();
  const old = await aRecording(t0 - 31 * DAY);
  const missingFile = await aRecording(t0 - 40 * DAY, false);
  const young = await aRecording(t0 - 29 * DAY + 30 * 60_000);
  const sweeper = new RetentionSweeper({ repository: storage.recordings, clock, logger: silentLogger, retentionDays: 30 });
  sweeper.start();
  clock.advance(0);
  await settleOn(clock);
  assert.equal(existsSync(old.path), false);
  assert.equal(await storage.recordings.get(old.recordingId), undefined);
  assert.equal(await storage.recordings.get(missingFile.recordingId), undefined, 'a file already gone is no obstacle');
  assert.ok(existsSync(young.path));
  // The young one turns 30 days old after 24.5 h; the hourly sweep after that takes it.
  for (let h = 0; h < 24; h++) {
    clock.advance(3_600_000);
    await settleOn(clock);
  }
  assert.ok(await storage.recordings.get(young.recordingId), 'still within retention after 24 h');
  clock.advance(3_600_000);
  await settleOn(clock);
  assert.equal(await storage.recordings.get(young.recordingId), undefined);
  assert.equal(existsSync(young.path), false);
  await sweeper.close();
  await sweeper.close();
  assert.equal(clock.pendingTimers(), 0, 'close cancels its timer');
  clock.advance(10 * DAY);
  assert.equal(clock.pendingTimers(), 0, 'nothing is scheduled after close');
});

test('retentionDays 0 keeps recordings forever: no timer, sweep() deletes nothing', async () => {
  const clock = new VirtualClock(Date.UTC(2026, 5, 1));
  const ancient = await aRecording(clock.now() - 3650 * DAY);
  const sweeper = new RetentionSweeper({ repository: storage.recordings, clock, logger: silentLogger, retentionDays: 0 });
  sweeper.start();
  assert.equal(clock.pendingTimers(), 0);
  assert.equal(await sweeper.sweep(), 0);
  assert.ok(await storage.recordings.get(ancient.recordingId));
  assert.ok(existsSync(ancient.path));
  await sweeper.close();
});

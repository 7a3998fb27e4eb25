import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReplayGuard } from '../../src/gateway/replay-guard.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/repositories.ts';

// The guard on real SQLite storage: what a replay of a signed mutating request gets.
const dir = mkdtempSync(join(tmpdir(), 'openccc-replay-'));
let storage: Storage;
before(async () => {
  storage = await openStorage({ kind: 'sqlite', path: join(dir, 'db.sqlite') });
});
after(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});
const T0 = 1_767_000_000_000;

test('the first request runs; a later replay gets its answer without running', async () => {
  const guard = new ReplayGuard(storage.idempotency, 60_000);
  const key = ReplayGuard.keyOf('TC3-HMAC-SHA256', 'AKID1', 'sig-1', T0 / 1000);
  let runs = 0;
  const produce = async () => `{"Response":{"n":${++runs}}}`;
  assert.equal(await guard.once(key, T0, produce), '{"Response":{"n":1}}');
  assert.equal(await guard.once(key, T0 + 10, produce), '{"Response":{"n":1}}');
  assert.equal(runs, 1);
  assert.equal((await storage.idempotency.get(key))?.body, '{"Response":{"n":1}}', 'the answer is stored');
});

test('concurrent replays in one process share one run', async () => {
  const guard = new ReplayGuard(storage.idempotency, 60_000);
  const key = ReplayGuard.keyOf('TC3-HMAC-SHA256', 'AKID1', 'sig-2', T0 / 1000);
  let runs = 0;
  const produce = async () => {
    runs++;
    await new Promise((r) => setTimeout(r, 10));
    return '{"Response":{}}';
  };
  const bodies = await Promise.all(Array.from({ length: 5 }, () => guard.once(key, T0, produce)));
  assert.equal(runs, 1);
  assert.deepEqual(new Set(bodies), new Set(['{"Response":{}}']));
});

test('a key reserved elsewhere (another server running it) is waited for, never run again', async () => {
  const key = ReplayGuard.keyOf('TC3-HMAC-SHA256', 'AKID1', 'sig-3', T0 / 1000);
  assert.equal(await storage.idempotency.put(key, '', T0, T0 + 60_000), true); // the other server's reservation
  const guard = new ReplayGuard(storage.idempotency, 60_000, { waitMs: 2_000, pollMs: 5 });
  let ran = false;
  const replay = guard.once(key, T0, async () => {
    ran = true;
    return 'mine';
  });
  setTimeout(() => void storage.idempotency.complete(key, '{"Response":{"theirs":1}}'), 30);
  assert.equal(await replay, '{"Response":{"theirs":1}}');
  assert.equal(ran, false);
});

test('keys are deterministic per signed request and sort by its signed timestamp', () => {
  const k = (sig: string, ts: number) => ReplayGuard.keyOf('TC3-HMAC-SHA256', 'AKID1', sig, ts);
  assert.equal(k('a', 1_767_000_000), k('a', 1_767_000_000));
  assert.notEqual(k('a', 1_767_000_000), k('b', 1_767_000_000));
  assert.notEqual(ReplayGuard.keyOf('HmacSHA256', 'AKID1', 'a', 1), ReplayGuard.keyOf('TC3-HMAC-SHA256', 'AKID1', 'a', 1));
  const keys = [k('z', 1_767_000_000), k('a', 1_767_000_001), k('m', 1_767_000_100), k('b', 1_800_000_000)];
  assert.deepEqual([...keys].sort(), keys);
});

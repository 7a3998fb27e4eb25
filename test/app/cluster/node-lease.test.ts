import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../../../src/shared/clock.ts';
import { silentLogger } from '../../../src/shared/logger.ts';
import { openStorage } from '../../../src/storage/open-storage.ts';
import type { ClusterNodeRepository, Storage } from '../../../src/storage/repositories.ts';
import { NodeIdInUseError, NodeLease, newOwner, type NodeLeaseOptions } from '../../../src/app/cluster/node-lease.ts';

const LEASE = 15_000;
const BEAT = 5_000;
const dir = mkdtempSync(join(tmpdir(), 'openccc-lease-'));
let storage: Storage;
before(async () => {
  storage = await openStorage({ kind: 'sqlite', path: join(dir, 'db.sqlite') });
});
after(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Lets the heartbeat's database round trip (and SQLite's group commit) finish. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

let nodeSeq = 0;
function leaseFor(clock: VirtualClock, over: Partial<NodeLeaseOptions> = {}): NodeLease {
  return new NodeLease({
    nodes: storage.clusterNodes,
    owner: newOwner(`node-${++nodeSeq}`),
    clock,
    logger: silentLogger,
    leaseMs: LEASE,
    heartbeatMs: BEAT,
    ...over,
  });
}

test('start takes the lease; each heartbeat renews it to now + lease', async () => {
  const clock = new VirtualClock(1_000_000);
  const lease = leaseFor(clock);
  await lease.start();
  assert.equal((await storage.clusterNodes.get(lease.owner.node))?.leaseExpiresAtMs, 1_000_000 + LEASE);
  for (let i = 1; i <= 4; i++) {
    clock.advance(BEAT);
    await settle();
    assert.equal((await storage.clusterNodes.get(lease.owner.node))?.leaseExpiresAtMs, 1_000_000 + i * BEAT + LEASE);
  }
  assert.equal(lease.held, true);
  await lease.close();
  assert.equal(clock.pendingTimers(), 0, 'close stops the heartbeat');
  assert.equal((await storage.clusterNodes.get(lease.owner.node))?.leaseExpiresAtMs, 0, 'a clean exit releases the lease');
});

test('a second run with the same node id is refused while the first holds the lease, and takes it once expired', async () => {
  const clock = new VirtualClock(2_000_000);
  const first = leaseFor(clock);
  await first.start();
  const second = leaseFor(clock, { owner: newOwner(first.owner.node) });
  await assert.rejects(
    second.start(),
    (err: unknown) => err instanceof NodeIdInUseError && /is held by another live server/.test(err.message),
  );
  // The first run "crashes": its heartbeat stops (its timer never fires again).
  const crashed = new VirtualClock(2_000_000);
  const frozen = leaseFor(crashed);
  await frozen.start();
  const again = leaseFor(clock, { owner: newOwner(frozen.owner.node) });
  clock.advance(LEASE - 1);
  await settle();
  await assert.rejects(again.start(), NodeIdInUseError, 'still 1 ms of lease left');
  clock.advance(1);
  await again.start();
  assert.equal((await storage.clusterNodes.get(frozen.owner.node))?.incarnation, again.owner.incarnation);
  await Promise.all([first.close(), again.close()]);
});

test('a run whose lease was taken by a newer run learns it on its next heartbeat: lost, taken', async () => {
  const slow = new VirtualClock(3_000_000);
  const old = leaseFor(slow);
  await old.start();
  // Its event loop stalls past the lease; meanwhile a new run of the node takes over.
  const clock = new VirtualClock(3_000_000 + LEASE);
  const fresh = leaseFor(clock, { owner: newOwner(old.owner.node) });
  await fresh.start();
  let lost: unknown;
  void old.lost.then((l) => (lost = l));
  slow.advance(BEAT);
  await settle();
  assert.equal((lost as { reason: string } | undefined)?.reason, 'taken');
  assert.equal(old.held, false);
  assert.equal(slow.pendingTimers(), 0, 'a lost lease is not renewed any more');
  await old.close();
  assert.equal(
    (await storage.clusterNodes.get(old.owner.node))?.incarnation,
    fresh.owner.incarnation,
    'closing the lost run leaves the new lease alone',
  );
  assert.ok(((await storage.clusterNodes.get(old.owner.node))?.leaseExpiresAtMs ?? 0) > 0);
  await fresh.close();
});

test('a heartbeat later than the lease finds it expired: lost, expired (no one else needs to have taken it)', async () => {
  const clock = new VirtualClock(4_000_000);
  const lease = leaseFor(clock, { heartbeatMs: LEASE + 1 });
  await lease.start();
  let lost: string | undefined;
  void lease.lost.then((l) => (lost = l.reason));
  clock.advance(LEASE + 1);
  await settle();
  assert.equal(lost, 'expired');
  await lease.close();
});

test('database failures: retried while the lease lasts, lost once it has run out', async () => {
  let failing = false;
  const nodes: ClusterNodeRepository = {
    ...storage.clusterNodes,
    register: (...a) => storage.clusterNodes.register(...a),
    get: (...a) => storage.clusterNodes.get(...a),
    release: (...a) => storage.clusterNodes.release(...a),
    markDraining: (...a) => storage.clusterNodes.markDraining(...a),
    list: () => storage.clusterNodes.list(),
    renew: (...a) => (failing ? Promise.reject(new Error('connection refused')) : storage.clusterNodes.renew(...a)),
  };
  const clock = new VirtualClock(5_000_000);
  const lease = leaseFor(clock, { nodes });
  await lease.start();
  let lost = false;
  void lease.lost.then(() => (lost = true));
  failing = true;
  clock.advance(BEAT);
  await settle();
  assert.equal(lost, false, 'one missed heartbeat: the lease still runs');
  assert.equal(lease.held, true);
  failing = false;
  clock.advance(BEAT);
  await settle();
  assert.equal(
    (await storage.clusterNodes.get(lease.owner.node))?.leaseExpiresAtMs,
    5_000_000 + 2 * BEAT + LEASE,
    'the next one renews it',
  );
  failing = true;
  clock.advance(LEASE - 1);
  await settle();
  assert.equal(lost, false, 'failing until 1 ms before the end');
  clock.advance(1);
  await settle();
  assert.equal(lost, true);
  assert.equal(lease.held, false);
  await lease.close();
});

test('force takes an unexpired lease (a SQLite server: its file lock proved the old run gone)', async () => {
  const clock = new VirtualClock(6_000_000);
  const first = leaseFor(clock);
  await first.start();
  const forced = leaseFor(clock, { owner: newOwner(first.owner.node), force: true });
  await forced.start();
  assert.equal((await storage.clusterNodes.get(first.owner.node))?.incarnation, forced.owner.incarnation);
  await Promise.all([first.close(), forced.close()]);
});

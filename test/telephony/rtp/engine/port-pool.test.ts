import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PortPool, splitRange } from '../../../../src/telephony/rtp/engine/port-pool.ts';

test('even ports only, each with its odd partner inside the range', () => {
  const pool = new PortPool({ portMin: 10001, portMax: 10010 });
  const got: number[] = [];
  for (;;) {
    const a = pool.allocate();
    if (!a.ok) break;
    got.push(a.port);
  }
  assert.deepEqual(got, [10002, 10004, 10006, 10008]);
  assert.equal(pool.capacity, 4);
});

test('exhaustion is a typed failure; release makes a port available again', () => {
  const pool = new PortPool({ portMin: 20000, portMax: 20003 });
  const a = pool.allocate();
  const b = pool.allocate();
  assert.ok(a.ok && b.ok);
  assert.deepEqual(pool.allocate(), { ok: false, reason: 'portsExhausted' });
  pool.release(a.port);
  assert.deepEqual(pool.allocate(), { ok: true, port: a.port });
});

test('a released port goes to the back of the queue (LRU), double release is ignored', () => {
  const pool = new PortPool({ portMin: 30000, portMax: 30007 });
  const first = pool.allocate();
  assert.ok(first.ok);
  pool.release(first.port);
  pool.release(first.port);
  pool.release(31000);
  const order = [1, 2, 3, 4].map(() => {
    const a = pool.allocate();
    assert.ok(a.ok);
    return a.port;
  });
  assert.deepEqual(order, [30002, 30004, 30006, 30000]);
  assert.equal(pool.allocate().ok, false);
});

test('splitRange gives disjoint even-aligned slices covering the range', () => {
  const parts = splitRange({ portMin: 40000, portMax: 40099 }, 3);
  assert.equal(parts.length, 3);
  const all = parts.flatMap((r) => {
    const pool = new PortPool(r);
    return Array.from({ length: pool.capacity }, () => {
      const a = pool.allocate();
      assert.ok(a.ok);
      return a.port;
    });
  });
  assert.equal(all.length, 50);
  assert.equal(new Set(all).size, 50);
  assert.ok(all.every((p) => p % 2 === 0 && p >= 40000 && p + 1 <= 40099));
});

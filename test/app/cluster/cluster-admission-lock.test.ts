import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { silentLogger } from '../../../src/shared/logger.ts';
import { openAdvisoryLocks, type ClusterLocks } from '../../../src/storage/cluster/advisory-locks.ts';
import { ClusterAdmissionLock } from '../../../src/app/cluster/cluster-admission-lock.ts';
import { postgresUrl, whenPostgres } from '../../storage/support/storage-targets.ts';

await whenPostgres('the cluster admission lock on Postgres', () => {
  test("a server's own requests for one key queue in memory: one lock connection at a time, however many wait", async () => {
    const locks = openAdvisoryLocks({ url: postgresUrl, namespace: `t_${randomUUID()}`, logger: silentLogger });
    let atOnce = 0;
    let most = 0;
    // The real advisory locks, counted where this server asks Postgres for them.
    const counted: ClusterLocks = {
      run: async (keys, fn) => {
        most = Math.max(most, ++atOnce);
        try {
          return await locks.run(keys, fn);
        } finally {
          atOnce--;
        }
      },
      close: () => locks.close(),
    };
    const lock = new ClusterAdmissionLock(counted);
    try {
      const order: number[] = [];
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          lock.run(['callee:1:+86139', `caller:1:${i % 3}`], async () => {
            order.push(i);
            await new Promise((r) => setTimeout(r, 1));
          }),
        ),
      );
      assert.equal(order.length, 30);
      assert.equal(most, 1, 'one lock connection for the shared key at a time');
      assert.equal(lock.size(), 0, 'no key left behind');
    } finally {
      await counted.close();
    }
  });
});

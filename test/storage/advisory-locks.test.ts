import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { silentLogger } from '../../src/shared/logger.ts';
import { advisoryKeyOf, openAdvisoryLocks } from '../../src/storage/cluster/advisory-locks.ts';
import { postgresUrl, whenPostgres } from './support/storage-targets.ts';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

const HOLDERS_OF =
  "select pid from pg_locks where locktype = 'advisory' and granted and objsubid = 1 and ((classid::int8 << 32) | objid::int8) = any($1::int8[])";

/** The backends holding these keys' advisory locks right now, seen from another connection. */
async function holders(ns: string, keys: string[]): Promise<number[]> {
  const c = new pg.Client({ connectionString: postgresUrl });
  await c.connect();
  try {
    const r = await c.query(HOLDERS_OF, [keys.map((k) => advisoryKeyOf(ns, k))]);
    return r.rows.map((row: { pid: number }) => row.pid);
  } finally {
    await c.end();
  }
}

test('keys hash to a stable signed int8, distinct per namespace', () => {
  assert.equal(advisoryKeyOf('s', 'callee:1:+86139'), advisoryKeyOf('s', 'callee:1:+86139'));
  assert.notEqual(advisoryKeyOf('s', 'callee:1:+86139'), advisoryKeyOf('t', 'callee:1:+86139'));
  const n = BigInt(advisoryKeyOf('s', 'k'));
  assert.ok(n >= -(2n ** 63n) && n < 2n ** 63n);
});

await whenPostgres('advisory locks on Postgres', () => {
  test('two lock sets (two "servers") exclude each other per key, release on error, and leave nothing held', async () => {
    const ns = `t_${randomUUID()}`;
    const a = openAdvisoryLocks({ url: postgresUrl, namespace: ns, logger: silentLogger });
    const b = openAdvisoryLocks({ url: postgresUrl, namespace: ns, logger: silentLogger });
    try {
      let inside = 0;
      let most = 0;
      const job = (l: typeof a, keys: string[]) =>
        l.run(keys, async () => {
          most = Math.max(most, ++inside);
          await tick();
          inside--;
        });
      // Opposite key orders from the two sides would deadlock without the sorted acquisition.
      await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? job(a, ['x', 'y']) : job(b, ['y', 'x']))));
      assert.equal(most, 1, 'never two holders of one key at once');
      await assert.rejects(
        a.run(['x'], async () => {
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await b.run(['x'], async () => 7), 7, 'a failed holder released its key');
      assert.deepEqual(await holders(ns, ['x', 'y']), [], 'no advisory lock is left held');
    } finally {
      await a.close();
      await b.close();
      await a.close();
    }
  });

  test('a holder whose connection dies loses its lock to Postgres, and the next holder gets it', async () => {
    const ns = `t_${randomUUID()}`;
    const a = openAdvisoryLocks({ url: postgresUrl, namespace: ns, logger: silentLogger });
    const b = openAdvisoryLocks({ url: postgresUrl, namespace: ns, logger: silentLogger });
    const killer = new pg.Client({ connectionString: postgresUrl });
    await killer.connect();
    try {
      let aIn!: () => void;
      const aHolds = new Promise<void>((r) => (aIn = r));
      const aRun = a.run(['k'], async () => {
        aIn();
        await tick(300);
      });
      await aHolds;
      let bGot = false;
      const bRun = b.run(['k'], async () => (bGot = true));
      await tick(50);
      assert.equal(bGot, false, 'b waits while a holds the key');
      // Kill a's lock connection: the backend holding the key.
      const pids = await holders(ns, ['k']);
      assert.equal(pids.length, 1, 'the key is held by one backend');
      await killer.query('select pg_terminate_backend($1)', [pids[0]]);
      await bRun;
      assert.equal(bGot, true, 'b got the key once a was gone');
      await aRun.catch(() => {}); // a's fn still ran; only its release failed, and is logged
    } finally {
      await killer.end();
      await a.close();
      await b.close();
    }
  });
});

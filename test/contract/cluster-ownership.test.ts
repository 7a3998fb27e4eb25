import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { SystemClock, type Clock, type TimerHandle } from '../../src/shared/clock.ts';
import { postgresUrl, whenPostgres } from '../storage/support/storage-targets.ts';
import { errorCodeOf, sleep, startLiveWorld, type LiveWorld } from './support/live-server.ts';
import { redisUnavailable, redisUrl, redisYaml } from '../support/redis-target.ts';
import { APP, IVR } from './support/test-world.ts';

/** Rings until maxRingSeconds (60 s): a call that stays live for the whole test. */
const RINGING = '+8613900000002';
// Long enough that a loaded CI machine (event loops stalled for hundreds of ms) does not lose a lease by accident.
const LEASE_S = 2;
const BEAT_S = 0.5;

/**
 * Wall time whose timers can be stopped, as if the process froze: a server "crashes" without
 * closing anything (its heartbeat stops, its calls stay as they are) and can be closed later.
 */
class FreezableClock implements Clock {
  private readonly real = new SystemClock();
  frozen = false;
  now(): number {
    return Date.now();
  }
  setTimer(delayMs: number, fn: () => void): TimerHandle {
    return this.real.setTimer(delayMs, () => {
      if (!this.frozen) fn();
    });
  }
  clearTimer(h: TimerHandle): void {
    this.real.clearTimer(h);
  }
}

interface Row {
  session_id: string;
  status: string;
  end_status: number | null;
  hung_up_side: string | null;
  owner_node: string | null;
  ended_at: string | null;
}

const redisUp = !(await redisUnavailable());

await whenPostgres('servers sharing Postgres own their calls', () => {
  const skip = redisUp || process.env.OPENCCC_REQUIRE_SERVICES === '1' ? false : `Redis at ${redisUrl} is not reachable`;
  describe('two servers on one Postgres schema and Redis: ownership, takeover, fencing', { skip }, () => {
    const schema = `openccc_cluster_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const redis = redisYaml();
    const db = new pg.Pool({ connectionString: postgresUrl, max: 2 });
    const worlds: LiveWorld[] = [];
    const start = async (nodeId: string, more: { leaseClock?: Clock } = {}, shutdown = '') => {
      const w = await startLiveWorld(
        {
          storage: `storage: { postgres: ${JSON.stringify(postgresUrl)}, schema: ${schema} }`,
          extraYaml: `${redis}\ncluster: { nodeId: ${nodeId}, leaseSeconds: ${LEASE_S}, heartbeatSeconds: ${BEAT_S}${shutdown} }`,
        },
        more,
      );
      worlds.push(w);
      return w;
    };
    const call = async (w: LiveWorld, uui: string) =>
      (await w.client.CreateIVRSession({ SdkAppId: APP, Callee: RINGING, IVRId: IVR, UUI: uui })).SessionId!;
    const sessions = async (ids: string[]) =>
      (await db.query<Row>(`select * from ${schema}.sessions where session_id = any($1) order by session_id`, [ids])).rows;
    const cdrs = async (ids: string[]) =>
      (await db.query<Row>(`select * from ${schema}.cdrs where session_id = any($1) order by session_id`, [ids])).rows;
    /** Polls until every session is finished; returns how long it took. */
    const finishedWithin = async (ids: string[], limitMs: number): Promise<number> => {
      const t0 = Date.now();
      while (Date.now() - t0 < limitMs) {
        if ((await sessions(ids)).every((r) => r.status === 'finished')) return Date.now() - t0;
        await sleep(50);
      }
      assert.fail(`sessions not finished within ${limitMs} ms: ${JSON.stringify(await sessions(ids))}`);
    };

    after(async () => {
      for (const w of worlds) await w.stop().catch(() => {});
      await db.query(`drop schema if exists ${schema} cascade`);
      await db.end();
    });

    test('a starting server leaves live calls alone; a crashed one’s are closed by the survivor within the lease; its late finish is fenced', async () => {
      const aClock = new FreezableClock();
      const a = await start('node-a', { leaseClock: aClock });
      const ofA = [await call(a, 'a1'), await call(a, 'a2'), await call(a, 'a3')];
      const b = await start('node-b');
      const ofB = [await call(b, 'b1')];
      // Three leases' time with both alive: nobody touches the other's calls.
      await sleep(3 * LEASE_S * 1000);
      const live = await sessions([...ofA, ...ofB]);
      assert.deepEqual(
        live.map((r) => r.status),
        ['ringing', 'ringing', 'ringing', 'ringing'],
      );
      assert.deepEqual(new Set((await sessions(ofA)).map((r) => r.owner_node)), new Set(['node-a']));
      assert.equal((await cdrs([...ofA, ...ofB])).length, 0);

      // A "crashes": its heartbeat stops; its calls stay as they were.
      aClock.frozen = true;
      const tookMs = await finishedWithin(ofA, 5_000);
      const leaseBound = (LEASE_S + 2 * BEAT_S) * 1000 + 500;
      assert.ok(tookMs <= leaseBound, `recovered in ${tookMs} ms, expected within ~lease + heartbeat (${leaseBound} ms)`);
      const recovered = await sessions(ofA);
      for (const r of recovered) {
        assert.equal(r.owner_node, 'node-b', 'the survivor took it over');
        assert.equal(r.end_status, 208);
        assert.equal(r.hung_up_side, 'system');
      }
      const before = await cdrs(ofA);
      assert.equal(before.length, 3, 'one CDR each');
      assert.deepEqual(
        before.map((c) => [c.session_id, c.end_status, c.ended_at]),
        recovered.map((r) => [r.session_id, r.end_status, r.ended_at]),
        'CDR and session row agree',
      );
      assert.deepEqual(
        (await sessions(ofB)).map((r) => r.status),
        ['ringing'],
        "the survivor's own call goes on",
      );

      // A comes back and ends its calls late (hangs them up): every write is fenced.
      await a.server.close();
      const afterRows = await sessions(ofA);
      assert.deepEqual(afterRows, recovered, 'session rows unchanged');
      assert.deepEqual(await cdrs(ofA), before, 'CDRs unchanged');
      const events = await db.query<{ session_id: string; n: number }>(
        `select session_id, count(*)::int as n from ${schema}.session_events where session_id = any($1) and type = 'session.ended' group by session_id`,
        [ofA],
      );
      assert.deepEqual(
        events.rows.map((e) => e.n),
        [1, 1, 1],
        'one end event each: the fenced finish added none',
      );

      // B, hung up by its own shutdown, writes its own call's CDR and releases its lease.
      await b.server.close();
      assert.equal((await cdrs(ofB)).length, 1);
      const leases = await db.query<{ node_id: string; lease_expires_at: string }>(
        `select node_id, lease_expires_at from ${schema}.cluster_nodes order by node_id`,
      );
      assert.deepEqual(
        leases.rows.map((l) => [l.node_id, Number(l.lease_expires_at)]),
        [
          ['node-a', 0],
          ['node-b', 0],
        ],
      );
    });

    test('a second live server with the same nodeId refuses to start', async () => {
      const c = await start('node-c');
      await assert.rejects(start('node-c'), /cluster.nodeId "node-c" is held by another live server/);
      await c.server.close();
      const again = await start('node-c');
      await again.server.close();
    });

    test('a server whose lease was taken stops taking calls and hangs up its own: split brain ends', async () => {
      const e = await start('node-e');
      const id = await call(e, 'e1');
      // Another run of node-e took the lease (as if this one had stalled past it).
      await db.query(`update ${schema}.cluster_nodes set incarnation = 'usurper', lease_expires_at = $1 where node_id = 'node-e'`, [
        Date.now() + 60_000,
      ]);
      const loss = (await Promise.race([e.server.leaseLost, sleep(3_000).then(() => 'not lost')])) as { reason?: string };
      assert.equal(loss.reason, 'taken');
      assert.equal(await errorCodeOf(call(e, 'refused')), 'FailedOperation.CallOutFailed');
      await finishedWithin([id], 3_000);
      const [cdr] = await cdrs([id]);
      assert.deepEqual([cdr?.end_status, cdr?.hung_up_side], [208, 'system'], 'no one had taken the call: its own CDR');
      await e.server.close();
      const [row] = (await db.query<{ incarnation: string }>(`select incarnation from ${schema}.cluster_nodes where node_id = 'node-e'`))
        .rows;
      assert.equal(row?.incarnation, 'usurper', 'closing leaves the new holder its lease');
    });

    test('drain: SIGTERM stops new calls, keeps answering, waits drainSeconds, then hangs up the rest', async () => {
      const d = await start('node-d', {}, ', shutdown: { mode: drain, drainSeconds: 1.5 }');
      const id = await call(d, 'd1');
      const t0 = Date.now();
      const closing = d.server.close();
      await sleep(300);
      assert.equal(await errorCodeOf(call(d, 'refused')), 'FailedOperation.CallOutFailed');
      const { Session } = await d.client.DescribeTelSession({ SdkAppId: APP, SessionId: id });
      assert.equal(Session?.SessionStatus, 'ringing', 'the API still answers, and the live call goes on');
      const state = await db.query<{ state: string }>(`select state from ${schema}.cluster_nodes where node_id = 'node-d'`);
      assert.equal(state.rows[0]?.state, 'draining');
      await closing;
      const took = Date.now() - t0;
      assert.ok(took >= 1_400, `waited ${took} ms for the drain`);
      const [cdr] = await cdrs([id]);
      assert.equal(cdr?.end_status, 208);
    });
  });
});

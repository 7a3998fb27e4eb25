import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerProcess } from '../../scripts/support/server-process.ts';
import { errorCodeOf, sleep } from '../contract/support/live-server.ts';
import { APP, IVR } from '../contract/support/test-world.ts';
import { whenPostgres } from '../storage/support/storage-targets.ts';
import { redisUnavailable } from '../support/redis-target.ts';
import { ClusterOfProcesses } from './support/cluster-of-processes.ts';

// Issue 16 item 4: real `openccc serve` processes on one Postgres schema and Redis, driven by the
// official SDK; SIGKILL, SIGTERM (drain) and a restart, and every session's CDR checked against
// what really happened to it.

const LEASE_S = 3;
/** A callee that never answers (the test world's sim carrier): a call that stays live until ended. */
const RINGING = '+8613900000002';
/** Answers at once, presses 1: the quick menu says goodbye, EndStatus 107 after about a second. */
const QUICK = '+8613800000001';

const redisProblem = await redisUnavailable();
const skip = redisProblem && process.env.OPENCCC_REQUIRE_SERVICES !== '1' ? redisProblem : false;

interface SessionRow {
  session_id: string;
  status: string;
  end_status: number | null;
  owner_node: string | null;
}

await whenPostgres('several openccc processes as one service', () => {
  describe('three openccc processes on one Postgres and Redis', { skip }, () => {
    const cluster = new ClusterOfProcesses({
      clusterKeys: `leaseSeconds: ${LEASE_S}, heartbeatSeconds: 1, shutdown: { mode: drain, drainSeconds: 20 }`,
    });
    const nodes = new Map<string, ServerProcess>();
    /** What each session must end as, by what the test did to it. */
    const expected = new Map<string, { endStatus: number; why: string }>();
    /** A call live on n1 when n1 is killed. */
    let onN1 = '';
    before(async () => {
      assert.ok(!redisProblem, redisProblem);
      const [n1, n2] = await Promise.all([cluster.start('n1'), cluster.start('n2')]);
      nodes.set('n1', n1).set('n2', n2);
    });
    after(async () => {
      await cluster.dispose();
    });
    // Each request differs (UUI): two identical ones signed in the same second are one request replayed.
    let n = 0;
    const call = async (node: string, callee: string) =>
      (await nodes.get(node)!.client.CreateIVRSession({ SdkAppId: APP, Callee: callee, IVRId: IVR, UUI: `call-${++n}` })).SessionId!;
    const statusOn = async (node: string, sessionId: string) =>
      (await nodes.get(node)!.client.DescribeTelSession({ SdkAppId: APP, SessionId: sessionId })).Session?.SessionStatus;
    const rows = () => cluster.query<SessionRow>('select session_id, status, end_status, owner_node from sessions');
    const waitFinished = async (node: string, sessionId: string, withinMs: number) => {
      const deadline = Date.now() + withinMs;
      while (Date.now() < deadline) {
        if ((await statusOn(node, sessionId)) === 'finished') return Date.now();
        await sleep(200);
      }
      assert.fail(`session ${sessionId} was not finished within ${withinMs} ms`);
    };

    test('a third server starting leaves the live calls of the other two alone', async () => {
      onN1 = await call('n1', RINGING);
      const r2 = await call('n2', RINGING);
      nodes.set('n3', await cluster.start('n3'));
      await sleep(LEASE_S * 1000 + 500);
      for (const id of [onN1, r2]) {
        assert.notEqual(await statusOn('n3', id), 'finished', 'still live, seen from the new server');
      }
      const owners = new Map((await rows()).map((r) => [r.session_id, r.owner_node]));
      assert.equal(owners.get(onN1), 'n1');
      assert.equal(owners.get(r2), 'n2');
      // HangUpCall through a server that does not hold the call: its owner hangs it up.
      await nodes.get('n3')!.client.HangUpCall({ SdkAppId: APP, SessionId: r2 });
      assert.equal(await statusOn('n1', r2), 'finished', 'HangUpCall returned once the CDR was written');
      expected.set(r2, { endStatus: 220, why: 'HangUpCall while ringing, sent to another server' });
      expected.set(onN1, { endStatus: 208, why: 'its server was killed' });
    });

    test('SIGKILL: a survivor closes the dead server’s calls within the lease, each with a CDR; the others’ calls go on', async () => {
      const onN2 = await call('n2', RINGING);
      await nodes.get('n1')!.kill();
      const killedAt = Date.now();
      await waitFinished('n2', onN1, (LEASE_S + 6) * 1000);
      const tookMs = Date.now() - killedAt;
      assert.ok(tookMs < (LEASE_S + 3) * 1000, `closed ${tookMs} ms after the kill (lease ${LEASE_S} s, heartbeat 1 s)`);
      assert.notEqual(await statusOn('n3', onN2), 'finished', 'the live call of a surviving server is untouched');
      await nodes.get('n3')!.client.HangUpCall({ SdkAppId: APP, SessionId: onN2 });
      expected.set(onN2, { endStatus: 220, why: 'HangUpCall while ringing' });
    });

    test('SIGTERM with drain: the server stops taking calls, lets its call end as it would, and exits 0', async () => {
      const ending = await call('n2', QUICK);
      expected.set(ending, { endStatus: 107, why: 'its IVR ended it while its server drained' });
      const stopped = nodes.get('n2')!.stop('SIGTERM');
      await sleep(300);
      const refused = await errorCodeOf(
        nodes.get('n2')!.client.CreateIVRSession({ SdkAppId: APP, Callee: QUICK, IVRId: IVR, UUI: 'while draining' }),
      );
      assert.equal(refused, 'FailedOperation.CallOutFailed', 'a draining server takes no new calls');
      const elsewhere = await call('n3', QUICK);
      expected.set(elsewhere, { endStatus: 107, why: 'placed on a server that kept serving' });
      assert.equal(await stopped, 0, nodes.get('n2')!.output().slice(-2000));
      await waitFinished('n3', ending, 1000);
      await waitFinished('n3', elsewhere, 15_000);
    });

    test('a killed server restarted under its node id serves again and touches nothing else', async () => {
      nodes.set('n1', await cluster.start('n1'));
      const again = await call('n1', QUICK);
      expected.set(again, { endStatus: 107, why: 'placed on the restarted server' });
      await waitFinished('n3', again, 15_000);
    });

    test('every session has exactly one CDR, and it says what happened to the call', async () => {
      const sessions = await rows();
      const cdrs = await cluster.query<{ session_id: string; end_status: number }>('select session_id, end_status from cdrs');
      assert.equal(sessions.length, expected.size, 'no session the test did not place');
      assert.equal(cdrs.length, expected.size, 'one CDR per session');
      const cdrOf = new Map(cdrs.map((c) => [c.session_id, c.end_status]));
      for (const s of sessions) {
        const want = expected.get(s.session_id)!;
        assert.equal(s.status, 'finished');
        assert.equal(cdrOf.get(s.session_id), want.endStatus, `${s.session_id}: ${want.why}`);
        assert.equal(s.end_status, want.endStatus, `the session row agrees with the CDR (${want.why})`);
      }
    });
  });

  describe('exact limits across processes', { skip }, () => {
    const cluster = new ClusterOfProcesses({
      outboundRules: 'calleeDaily: { maxCalls: 3 }',
      limits: 'limits: { default: 100000 }',
    });
    let a: ServerProcess;
    let b: ServerProcess;
    before(async () => {
      [a, b] = await Promise.all([cluster.start('a'), cluster.start('b')]);
    });
    after(async () => {
      await cluster.dispose();
    });

    test('1,000 parallel CreateIVRSession over two processes for one callee with a daily cap of 3 admit exactly 3', async () => {
      const answers = await Promise.all(
        Array.from({ length: 1000 }, (_, i) =>
          errorCodeOf((i % 2 ? a : b).client.CreateIVRSession({ SdkAppId: APP, Callee: '+8613700000001', IVRId: IVR, UUI: `r${i}` })),
        ),
      );
      const byCode = new Map<string, number>();
      for (const code of answers) byCode.set(code, (byCode.get(code) ?? 0) + 1);
      assert.equal(byCode.get('no error'), 3, JSON.stringify([...byCode]));
      assert.equal(byCode.get('FailedOperation.CalloutRuleMaxCallCountCalleePerDayAppID'), 997, JSON.stringify([...byCode]));
      const admitted = await cluster.query<{ n: number }>('select count(*)::int as n from sessions');
      assert.equal(admitted[0]!.n, 3);
    });
  });
});

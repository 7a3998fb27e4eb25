import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type * as ccc from 'tencentcloud-sdk-nodejs/tencentcloud/services/ccc/v20200210/ccc_models.js';
import { newSessionRecord } from '../../src/domain/session.ts';
import { postgresUrl, whenPostgres } from '../storage/support/storage-targets.ts';
import { errorCodeOf, sleep, type CccClient } from './support/live-server.ts';
import { APP, CALLERS, IVR, SECRET_ID, SECRET_KEY } from './support/test-world.ts';
import { startTwoServers, type TwoServers } from './support/two-servers.ts';
import { signTc3 } from '../support/sign-tc3.ts';

// Rings for 30 s in the test world: a call that stays live while the test looks at it.
const RINGING = '+8613900000009';
const NO_ANSWER_WAIT_MS = 1500;

async function rowCount(schema: string, sql: string, params: unknown[] = []): Promise<number> {
  const c = new pg.Client({ connectionString: postgresUrl });
  await c.connect();
  try {
    return (await c.query(`select count(*)::int as n from ${schema}.${sql}`, params)).rows[0].n;
  } finally {
    await c.end();
  }
}

async function cdrsOf(client: CccClient, sessionId: string): Promise<ccc.TelCdrInfo[]> {
  const now = Math.floor(Date.now() / 1000);
  const res = await client.DescribeTelCdr({
    SdkAppId: APP,
    StartTimeStamp: now - 600,
    EndTimeStamp: now + 5,
    SessionIds: [sessionId],
    PageSize: 10,
    PageNumber: 0,
  });
  return res.TelCdrList ?? [];
}

const activeIds = async (client: CccClient) =>
  ((await client.DescribePSTNActiveSessionList({ SdkAppId: APP, Offset: 0, Limit: 25 })).Sessions ?? []).map((x) => x.SessionID).sort();

await whenPostgres('any request on any server (Postgres)', () => {
  describe('two servers in cluster mode: any request on either', () => {
    let s: TwoServers;
    before(async () => {
      s = await startTwoServers({}, true, NO_ANSWER_WAIT_MS);
    });
    after(() => s.stop());

    test('HangUpCall on the other server hangs the call up where it is live; both then show the same session and CDR', async () => {
      const { SessionId } = await s.a.client.CreateIVRSession({ Callee: RINGING, SdkAppId: APP, IVRId: IVR, UUI: 'remote-hangup' });
      const id = SessionId!;
      assert.equal((await cdrsOf(s.b.client, id)).length, 0, 'no CDR yet (and nothing cached that would hide the next)');
      assert.ok(s.a.server.app.calls.get(id), 'the call is live on a');
      assert.equal(s.b.server.app.calls.get(id), undefined, 'and not on b');
      await s.b.client.HangUpCall({ SdkAppId: APP, SessionId: id });
      assert.equal(s.a.server.app.calls.get(id), undefined, 'a hung it up before b answered');
      const [sa, sb] = await Promise.all([
        s.a.client.DescribeTelSession({ SdkAppId: APP, SessionId: id }),
        s.b.client.DescribeTelSession({ SdkAppId: APP, SessionId: id }),
      ]);
      assert.equal(sa.Session?.SessionStatus, 'finished');
      assert.deepEqual(sb.Session, sa.Session);
      const [ca, cb] = await Promise.all([cdrsOf(s.a.client, id), cdrsOf(s.b.client, id)]);
      assert.equal(ca.length, 1, 'the CDR was written before HangUpCall answered');
      assert.deepEqual(cb, ca);
      await sleep(1000); // a new timestamp: in the same second the SDK's request would be a replay of b's, answered as b was
      assert.equal(
        await errorCodeOf(s.a.client.HangUpCall({ SdkAppId: APP, SessionId: id })),
        'FailedOperation',
        'it has ended, on either server',
      );
    });

    test('an unfinished session nobody holds: HangUpCall waits for an answer, then says the owning server did not answer', async () => {
      const record = newSessionRecord({
        sessionId: randomUUID().replaceAll('-', ''),
        sdkAppId: APP,
        ivrId: IVR,
        callee: RINGING,
        calleeE164: RINGING,
        caller: CALLERS[0]!,
        uui: '',
        variables: {},
        startedAt: Date.now(),
        requestId: 'orphan',
      });
      await s.a.server.app.storage.sessions.insert(record);
      const started = performance.now();
      let message = '';
      try {
        await s.b.client.HangUpCall({ SdkAppId: APP, SessionId: record.sessionId });
      } catch (err) {
        message = `${(err as { code?: string }).code}: ${(err as Error).message}`;
      }
      assert.match(message, /^FailedOperation: .*did not answer/);
      assert.ok(performance.now() - started >= NO_ANSWER_WAIT_MS - 50, 'it waited for an answer first');
    });

    test('DescribePSTNActiveSessionList lists the calls of both servers, the same on each; caches are off on Postgres', async () => {
      assert.equal(s.a.server.app.storage.singleWriter, false);
      const made = await Promise.all(
        [s.a, s.a, s.b].map((w, i) => w.client.CreateIVRSession({ Callee: RINGING, SdkAppId: APP, IVRId: IVR, UUI: `active${i}` })),
      );
      const ids = made.map((m) => m.SessionId!).sort();
      const [la, lb] = await Promise.all([activeIds(s.a.client), activeIds(s.b.client)]);
      for (const id of ids) assert.ok(la.includes(id), `a lists ${id}`);
      assert.deepEqual(lb, la);
      await Promise.all(ids.map((id, i) => (i % 2 ? s.a : s.b).client.HangUpCall({ SdkAppId: APP, SessionId: id })));
      const [aa, ab] = await Promise.all([activeIds(s.a.client), activeIds(s.b.client)]);
      for (const id of ids) assert.ok(!aa.includes(id) && !ab.includes(id), `${id} is no longer active anywhere`);
    });

    /** One signed CreateIVRSession, the same bytes whichever server gets it (a load balancer passes Host on unchanged). */
    const signedCreate = (uui: string) => {
      const body = JSON.stringify({ SdkAppId: APP, Callee: RINGING, IVRId: IVR, UUI: uui });
      const headers = signTc3({
        secretId: SECRET_ID,
        secretKey: SECRET_KEY,
        host: `127.0.0.1:${s.a.server.port}`,
        service: '127',
        action: 'CreateIVRSession',
        version: '2020-02-10',
        timestampSec: Math.floor(Date.now() / 1000),
        body,
      });
      return (url: string) => fetch(`${url}/`, { method: 'POST', headers, body }).then((r) => r.text());
    };

    test('a signed request replayed to the other server gets the first answer back and places no call', async () => {
      const uui = `replay-${randomUUID()}`;
      const send = signedCreate(uui);
      const first = await send(s.a.server.url);
      assert.match(first, /"SessionId":"[0-9a-f]{32}"/);
      assert.equal(await send(s.b.server.url), first);
      assert.equal(await rowCount(s.schema, 'sessions where uui = $1', [uui]), 1, 'one session');
    });

    test('the same signed request to both servers at the same moment places one call (the key is reserved before it runs)', async () => {
      // Without the reservation both servers ran it in the first round already (2 sessions).
      for (let round = 0; round < 5; round++) {
        const uui = `replay-race-${round}-${randomUUID()}`;
        const send = signedCreate(uui);
        const [ra, rb] = await Promise.all([send(s.a.server.url), send(s.b.server.url)]);
        assert.match(ra, /"SessionId":"[0-9a-f]{32}"/);
        assert.equal(rb, ra);
        assert.equal(await rowCount(s.schema, 'sessions where uui = $1', [uui]), 1, `one session (round ${round})`);
      }
    });

    test('one ClientToken sent to both servers at once answers one SessionId and places one call', async () => {
      const token = randomUUID();
      const req = { SdkAppId: APP, Callee: RINGING, IVRId: IVR, UUI: `token-${token}`, ClientToken: token } as ccc.CreateIVRSessionRequest;
      const answers = await Promise.all(
        [s.a, s.b, s.a, s.b].map((w) =>
          w.client.CreateIVRSession(req).then(
            (r) => r.SessionId,
            (e: Error) => e.message,
          ),
        ),
      );
      assert.equal(new Set(answers).size, 1, answers.join(', '));
      assert.equal(await rowCount(s.schema, 'sessions where uui = $1', [`token-${token}`]), 1, 'one session');
    });
  });
});

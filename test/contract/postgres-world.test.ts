import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { postgresUrl, whenPostgres } from '../storage/support/storage-targets.ts';
import { sleep, startLiveWorld, type LiveWorld } from './support/live-server.ts';
import { APP, IVR, SECRET_ID, SECRET_KEY } from './support/test-world.ts';
import { signTc3 } from '../support/sign-tc3.ts';

await whenPostgres('the server on Postgres', () => {
  describe('the server on Postgres, through the official SDK', () => {
    const schema = `openccc_contract_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    let w: LiveWorld;
    before(async () => {
      w = await startLiveWorld({ storage: `storage: { postgres: ${JSON.stringify(postgresUrl)}, schema: ${schema} }` });
    });
    after(async () => {
      await w.stop();
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    });

    test('a session runs to its CDR, stored in the configured schema', async () => {
      const { SessionId } = await w.client.CreateIVRSession({ Callee: '+8613900000001', SdkAppId: APP, IVRId: IVR, UUI: 'pg' });
      for (let i = 0; i < 50; i++) {
        const { Session } = await w.client.DescribeTelSession({ SdkAppId: APP, SessionId: SessionId! });
        if (Session?.SessionStatus === 'finished') break;
        await sleep(100);
      }
      const now = Math.floor(Date.now() / 1000);
      const cdrs = await w.client.DescribeTelCdr({
        SdkAppId: APP,
        StartTimeStamp: now - 60,
        EndTimeStamp: now + 5,
        PageSize: 10,
        PageNumber: 0,
      });
      assert.equal(cdrs.TotalCount, 1);
      assert.equal(cdrs.TelCdrList?.[0]?.SessionId, SessionId);
      assert.equal(cdrs.TelCdrList?.[0]?.EndStatus, 206);
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      try {
        const rows = await client.query(`select count(*)::int as n from ${schema}.cdrs`);
        assert.equal(rows.rows[0].n, 1, 'the CDR is in the configured Postgres schema');
      } finally {
        await client.end();
      }
    });

    test('a replayed signed request gets the first answer back, kept in Postgres', async () => {
      const body = JSON.stringify({ SdkAppId: APP, Callee: '+8613900000001', IVRId: IVR, UUI: 'pg-replay' });
      const headers = signTc3({
        secretId: SECRET_ID,
        secretKey: SECRET_KEY,
        host: `127.0.0.1:${w.server.port}`,
        service: '127',
        action: 'CreateIVRSession',
        version: '2020-02-10',
        timestampSec: Math.floor(Date.now() / 1000),
        body,
      });
      const first = await (await fetch(`${w.server.url}/`, { method: 'POST', headers, body })).text();
      const again = await (await fetch(`${w.server.url}/`, { method: 'POST', headers, body })).text();
      assert.match(first, /"SessionId":"[0-9a-f]{32}"/);
      assert.equal(again, first);
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      try {
        const rows = await client.query(`select count(*)::int as n from ${schema}.idempotency where body = $1`, [first]);
        assert.equal(rows.rows[0].n, 1, 'the first answer is stored once');
      } finally {
        await client.end();
      }
    });
  });
});

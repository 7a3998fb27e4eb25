import { test } from 'node:test';
import assert from 'node:assert/strict';
import tencentcloud from 'tencentcloud-sdk-nodejs';
import { loadConfigFile } from '../../src/app/config/load.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { startServer } from '../../src/cli/start-server.ts';
import { signTc3 } from '../support/sign-tc3.ts';
import { sleep } from './support/live-server.ts';
import { APP, IVR, SECRET_ID, SECRET_KEY, writeTestWorld } from './support/test-world.ts';

test('sessions, CDRs and replay answers survive a restart; calls cut by a stop still get a CDR', async () => {
  const world = writeTestWorld();
  try {
    const loaded = loadConfigFile(world.file);
    const first = await startServer({ loaded, listen: '127.0.0.1:0', logger: silentLogger });
    const port = first.port;
    const client = new tencentcloud.ccc.v20200210.Client({
      credential: { secretId: SECRET_ID, secretKey: SECRET_KEY },
      region: '',
      profile: { httpProfile: { endpoint: `127.0.0.1:${port}`, protocol: 'http://' } },
    });
    // A call that keeps ringing, cut by the stop, and a replayable signed request.
    const { SessionId: ringing } = await client.CreateIVRSession({ Callee: '+8613900000009', SdkAppId: APP, IVRId: IVR });
    const body = JSON.stringify({ SdkAppId: APP, Callee: '+8613900000001', IVRId: IVR });
    const headers = signTc3({
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      host: `127.0.0.1:${port}`,
      service: '127',
      action: 'CreateIVRSession',
      version: '2020-02-10',
      timestampSec: Math.floor(Date.now() / 1000),
      body,
    });
    const firstAnswer = await (await fetch(`${first.url}/`, { method: 'POST', headers, body })).text();
    await sleep(200);
    await first.close();

    const second = await startServer({ loaded: loadConfigFile(world.file), listen: `127.0.0.1:${port}`, logger: silentLogger });
    try {
      const replayed = await (await fetch(`${second.url}/`, { method: 'POST', headers, body })).text();
      assert.equal(replayed, firstAnswer, 'the replay after restart gets the first answer, byte for byte');
      const now = Math.floor(Date.now() / 1000);
      const cdrs = await client.DescribeTelCdr({
        SdkAppId: APP,
        StartTimeStamp: now - 600,
        EndTimeStamp: now + 5,
        PageSize: 100,
        PageNumber: 0,
      });
      const cut = cdrs.TelCdrList?.find((c) => c.SessionId === ringing);
      assert.ok(cut, 'the call cut by the stop has a CDR');
      assert.equal(cut.EndStatus, 208);
      const { Session } = await client.DescribeTelSession({ SdkAppId: APP, SessionId: ringing! });
      assert.equal(Session?.SessionStatus, 'finished');
      const active = await client.DescribePSTNActiveSessionList({ SdkAppId: APP, Offset: 0, Limit: 25 });
      assert.equal(active.Total, 0);
    } finally {
      await second.close();
    }
  } finally {
    world.cleanup();
  }
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { whenPostgres } from '../storage/support/storage-targets.ts';
import tencentcloud from 'tencentcloud-sdk-nodejs';
import { errorCodeOf, type CccClient } from './support/live-server.ts';
import { APP, CALLERS, IVR, SECRET_ID, SECRET_KEY } from './support/test-world.ts';
import { startTwoServers, type TwoServers } from './support/two-servers.ts';

const REQUESTS = 1000;
let n = 0;

/**
 * An SDK client that waits up to a minute: the client and both servers share this one event loop,
 * so the last of 1,000 requests can take more than the usual 10 s on a loaded machine.
 */
const patient = (port: number): CccClient =>
  new tencentcloud.ccc.v20200210.Client({
    credential: { secretId: SECRET_ID, secretKey: SECRET_KEY },
    region: 'ap-guangzhou',
    profile: { httpProfile: { endpoint: `127.0.0.1:${port}`, protocol: 'http://', reqTimeout: 60 } },
  });

/** REQUESTS CreateIVRSession at once, alternating between the two servers; how many were admitted. */
async function burst(
  s: TwoServers,
  callee: (i: number) => string,
  extra: { Callers?: string[] } = {},
  requests = REQUESTS,
): Promise<{ admitted: number; codes: string }> {
  const clients = [patient(s.a.server.port), patient(s.b.server.port)];
  const results = await Promise.all(
    Array.from({ length: requests }, (_, i) =>
      errorCodeOf(clients[i % 2]!.CreateIVRSession({ Callee: callee(i), SdkAppId: APP, IVRId: IVR, UUI: `u${n++}`, ...extra })),
    ),
  );
  const tally = new Map<string, number>();
  for (const r of results) tally.set(r, (tally.get(r) ?? 0) + 1);
  return { admitted: tally.get('no error') ?? 0, codes: [...tally].map(([c, k]) => `${c}=${k}`).join(' ') };
}

await whenPostgres('cluster admission on Postgres', () => {
  describe('admission across two servers on one Postgres', () => {
    test('a per-callee cap of 3: exactly 3 of 1,000 requests split over two servers, every round', async () => {
      const s = await startTwoServers({ outboundRules: 'calleeInterval: { maxCalls: 3, windowSeconds: 3600 }' }, true);
      try {
        for (let round = 0; round < 3; round++) {
          const { admitted, codes } = await burst(s, () => `+861391110${String(round).padStart(4, '0')}`);
          assert.equal(admitted, 3, `round ${round}: ${codes}`);
        }
      } finally {
        await s.stop();
      }
    });

    test('without the cluster lock (each server its own mutex) the same bursts over-admit: the test above bites', async () => {
      const s = await startTwoServers({ outboundRules: 'calleeInterval: { maxCalls: 3, windowSeconds: 3600 }' }, false);
      try {
        const seen: number[] = [];
        for (let round = 0; round < 6 && !seen.some((k) => k > 3); round++)
          seen.push((await burst(s, () => `+861392220${String(round).padStart(4, '0')}`)).admitted);
        assert.ok(
          seen.some((k) => k > 3),
          `in-process locks alone never over-admitted in ${seen.length} rounds (${seen.join(', ')})`,
        );
      } finally {
        await s.stop();
      }
    });

    test('per-caller frequency (3 per hour) and concurrent channels (3) hold exactly over two servers', async () => {
      const rules = 'callerFrequency: { maxCalls: 3, windowSeconds: 3600 }';
      const f = await startTwoServers({ outboundRules: rules }, true);
      try {
        for (const caller of CALLERS) {
          const { admitted, codes } = await burst(f, (i) => `+86139333${String(i).padStart(5, '0')}`, { Callers: [caller] });
          assert.equal(admitted, 3, `frequency, caller ${caller}: ${codes}`);
        }
      } finally {
        await f.stop();
      }
      // +8613900000002 never answers in the test world: the admitted calls hold their channels until
      // maxRingSeconds (60 s), longer than a burst of 400 takes even on a loaded machine.
      const c = await startTwoServers({ outboundRules: 'callerConcurrency: { maxChannels: 3 }' }, true);
      try {
        for (const caller of CALLERS) {
          const { admitted, codes } = await burst(c, () => '+8613900000002', { Callers: [caller] }, 400);
          assert.equal(admitted, 3, `channels, caller ${caller}: ${codes}`);
        }
      } finally {
        await c.stop();
      }
    });
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { EndStatus } from '../../../../src/domain/end-status.ts';
import { SystemClock } from '../../../../src/shared/clock.ts';
import type { LineFailure } from '../../../../src/telephony/carrier.ts';
import { SipCarrier } from '../../../../src/telephony/sip/carrier/sip-carrier.ts';
import { HAS_SIPP, skipUnless } from '../../../e2e/support/peers.ts';
import { freeUdpPort, runSipp } from '../../../e2e/support/sipp.ts';
import { redisUrl, whenRedis } from '../../../support/redis-target.ts';
import { recordEvents, scenario, settingsFor, sleep, udpPortTaken, until } from './support.ts';

// Issue 16 item 3: two servers' SIP carriers dialing one trunk through one Redis keep its
// maxConcurrentCalls over both, against SIPp as the trunk.
const skip = skipUnless(HAS_SIPP, 'sipp is not installed (apt-get install sip-tester)');

await whenRedis('a trunk shared by two servers', () => {
  test('six calls from two servers on a trunk of 2 concurrent calls: exactly 2 reach SIPp, 4 fail as trunk full', { skip }, async () => {
    const sippPort = await freeUdpPort();
    const redis = new Redis(redisUrl);
    // The trunk key is transport:host:port, so a fresh SIPp port is a fresh trunk in Redis.
    const settings = settingsFor(sippPort, { maxConcurrentCalls: 2, queueSeconds: 0.5, callsPerSecond: 100 });
    const carriers = await Promise.all(
      [0, 1].map(() =>
        SipCarrier.open({ ...settings, listenPort: 0 }, { clock: new SystemClock(), mediaWorkers: 1, sharedTrunk: { redis } }),
      ),
    );
    try {
      const sipp = runSipp(scenario('uas-answer-wait-bye.xml'), sippPort, undefined, ['-m', '2']);
      await udpPortTaken(sippPort);
      const legs = [0, 1, 2, 3, 4, 5].map((i) =>
        carriers[i % 2]!.dial({
          sessionId: `s-${randomUUID()}`,
          caller: '008610000000001',
          callee: `+861380000000${i}`,
          maxRingMs: 20_000,
        }),
      );
      const events = legs.map((leg) => recordEvents(leg));
      await until(() => events.filter((e) => e.some((x) => x.name === 'failed')).length === 4, 10_000, 'four calls to fail');
      await until(() => events.filter((e) => e.some((x) => x.name === 'answered')).length === 2, 10_000, 'two calls to be answered');
      await sleep(300);
      assert.equal(events.filter((e) => e.some((x) => x.name === 'answered')).length, 2, 'never a third call on the trunk');
      // Each server lets 2 of its 3 calls past its own queue; of those, the cluster has room for 2. A server's third call
      // fails in its own queue, or, when a slot there frees in time, at the cluster: which of the two is a matter of timing.
      const failures = events.flatMap((e) => e.filter((x) => x.name === 'failed').map((x) => x.args[0] as LineFailure));
      assert.ok(failures.every((f) => f.endStatus === EndStatus.operatorError));
      assert.ok(failures.filter((f) => /across the cluster/.test(f.reason ?? '')).length >= 2, JSON.stringify(failures));
      for (const leg of legs) leg.hangup();
      const r = await sipp;
      assert.equal(r.code, 0, r.output);
    } finally {
      await Promise.all(carriers.map((c) => c.close()));
      await redis.quit();
    }
  });
});

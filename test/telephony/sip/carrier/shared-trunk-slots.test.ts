import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { SystemClock } from '../../../../src/shared/clock.ts';
import { CarrierCapacityError } from '../../../../src/telephony/carrier.ts';
import { SharedTrunkSlots } from '../../../../src/telephony/sip/carrier/shared-trunk-slots.ts';
import { SharedTrunkTicket } from '../../../../src/telephony/sip/carrier/shared-trunk-ticket.ts';
import { TrunkLimiter, type TrunkLimits } from '../../../../src/telephony/sip/carrier/trunk-limiter.ts';
import { redisUrl, whenRedis } from '../../../support/redis-target.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

await whenRedis('trunk limits shared by a cluster through Redis', () => {
  describe('SharedTrunkSlots: one trunk, two servers, one Redis', () => {
    // Two connections stand for two servers: each has its own SharedTrunkSlots on the same trunk key.
    let redisA: Redis;
    let redisB: Redis;
    const clock = new SystemClock();
    before(() => {
      redisA = new Redis(redisUrl);
      redisB = new Redis(redisUrl);
    });
    after(async () => {
      await redisA.quit();
      await redisB.quit();
    });
    const pair = (limits: TrunkLimits, holdMs?: number) => {
      const trunkKey = `test-${randomUUID()}`;
      const opts = { trunkKey, limits, clock, ...(holdMs !== undefined && { holdMs }) };
      return [new SharedTrunkSlots({ ...opts, redis: redisA }), new SharedTrunkSlots({ ...opts, redis: redisB })] as const;
    };

    test('40 parallel reservations over two servers get exactly maxConcurrentCalls slots; a release frees one', async () => {
      const [a, b] = pair({ maxConcurrentCalls: 3, callsPerSecond: 1000, queueSeconds: 10 });
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).tryReserve(`call-${i}`)));
      const granted = answers.map((r, i) => (r.ok ? i : -1)).filter((i) => i >= 0);
      assert.equal(granted.length, 3, 'exactly three slots over the cluster');
      assert.ok(answers.every((r) => r.ok || r.reason === 'full'));
      assert.equal(a.heldCount() + b.heldCount(), 3);
      const first = granted[0]!;
      (first % 2 ? a : b).release(`call-${first}`);
      await sleep(20);
      assert.equal((await a.tryReserve('late-1')).ok, true, 'the released slot is taken by the next call, on either server');
      assert.equal((await b.tryReserve('late-2')).ok, false);
      a.close();
      b.close();
    });

    test('callsPerSecond spaces INVITEs over both servers, and a start queueSeconds away is refused', async () => {
      // 10 a second = 100 ms apart; queueSeconds 0.45 admits waits of 0..400 ms.
      const [a, b] = pair({ maxConcurrentCalls: 100, callsPerSecond: 10, queueSeconds: 0.45 });
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).tryReserve(`call-${i}`)));
      const delays = answers
        .filter((r) => r.ok)
        .map((r) => (r.ok ? r.delayMs : -1))
        .sort((x, y) => x - y);
      assert.equal(delays.length, 5, `five starts fit in 450 ms at 100 ms apart: ${JSON.stringify(answers)}`);
      delays.forEach((d, i) => assert.ok(Math.abs(d - i * 100) <= 15, `start ${i} waits ${d} ms, about ${i * 100}`));
      assert.equal(answers.filter((r) => !r.ok && r.reason === 'rate').length, 3);
      a.close();
      b.close();
    });

    test("a crashed server's slots lapse after holdMs; a live server's are renewed", async () => {
      const [a, b] = pair({ maxConcurrentCalls: 1, callsPerSecond: 1000, queueSeconds: 10 }, 300);
      assert.equal((await a.tryReserve('kept')).ok, true);
      await sleep(700); // a renews every 100 ms
      assert.deepEqual(await b.tryReserve('other'), { ok: false, reason: 'full' }, 'renewed: still held after twice holdMs');
      a.close(); // as if a died: no more renewals, no release
      await sleep(450);
      assert.equal((await b.tryReserve('other')).ok, true, 'the dead server’s slot lapsed');
      b.close();
    });
  });

  describe('SharedTrunkTicket: the local queue, then the cluster', () => {
    let redis: Redis;
    const clock = new SystemClock();
    before(() => (redis = new Redis(redisUrl)));
    after(async () => {
      await redis.quit();
    });

    test('admission: the cluster refusing by rate rejects it with CarrierCapacityError; a place (slot or queue) resolves it', async () => {
      // 1 a second with a 0.5 s queue: the cluster's second call in that second is refused outright.
      const limits = { maxConcurrentCalls: 10, callsPerSecond: 1, queueSeconds: 0.5 };
      const trunkKey = `test-${randomUUID()}`;
      const servers = [0, 1].map(() => ({
        local: new TrunkLimiter(limits, clock),
        slots: new SharedTrunkSlots({ redis, trunkKey, limits, clock }),
      }));
      const first = new SharedTrunkTicket(servers[0]!.local.tryEnter()!, servers[0]!.slots, 'call-1', clock);
      await first.admission;
      const second = new SharedTrunkTicket(servers[1]!.local.tryEnter()!, servers[1]!.slots, 'call-2', clock);
      await assert.rejects(
        second.admission,
        (err: unknown) => err instanceof CarrierCapacityError && /across the cluster/.test(err.message),
      );
      // Every slot taken but the rate free (a second later): the call waits for a slot, as on a full local trunk.
      const slotLimits = { maxConcurrentCalls: 1, callsPerSecond: 1000, queueSeconds: 0.3 };
      const key2 = `test-${randomUUID()}`;
      const a = {
        local: new TrunkLimiter(slotLimits, clock),
        slots: new SharedTrunkSlots({ redis, trunkKey: key2, limits: slotLimits, clock }),
      };
      const b = {
        local: new TrunkLimiter(slotLimits, clock),
        slots: new SharedTrunkSlots({ redis, trunkKey: key2, limits: slotLimits, clock }),
      };
      const holder = new SharedTrunkTicket(a.local.tryEnter()!, a.slots, 'holder', clock);
      await holder.admission;
      const waiter = new SharedTrunkTicket(b.local.tryEnter()!, b.slots, 'waiter', clock);
      await waiter.admission; // resolves: it has its place in the wait
      assert.equal(waiter.state, 'waiting');
      // Queued behind a call of its own server: a place in the local queue, admitted at once.
      const queued = new SharedTrunkTicket(a.local.tryEnter()!, a.slots, 'queued', clock);
      await queued.admission;
      for (const t of [first, second, holder, waiter, queued]) t.release();
      for (const s of [...servers, a, b]) {
        s.local.close();
        s.slots.close();
      }
    });

    test('calls over the cluster-wide slot count wait, go when a slot frees, and time out with a reason', async () => {
      const limits = { maxConcurrentCalls: 2, callsPerSecond: 1000, queueSeconds: 0.6 };
      const trunkKey = `test-${randomUUID()}`;
      // Two servers, each allowing 2 locally, sharing 2 in all.
      const servers = [0, 1].map(() => ({
        local: new TrunkLimiter(limits, clock),
        slots: new SharedTrunkSlots({ redis, trunkKey, limits, clock }),
      }));
      const tickets = [0, 1, 2, 3].map((i) => {
        const s = servers[i % 2]!;
        const ticket = new SharedTrunkTicket(s.local.tryEnter()!, s.slots, `call-${i}`, clock);
        const seen: string[] = [];
        ticket.on('go', () => seen.push('go'));
        ticket.on('timeout', (reason) => seen.push(`timeout: ${reason}`));
        return { ticket, seen };
      });
      await sleep(150);
      const going = tickets.filter((t) => t.seen[0] === 'go');
      assert.equal(going.length, 2, 'two calls hold the two slots of the cluster');
      going[0]!.ticket.release();
      await sleep(250);
      assert.equal(tickets.filter((t) => t.seen[0] === 'go').length, 3, 'a released slot goes to a waiting call');
      await sleep(500);
      const timedOut = tickets.filter((t) => t.seen[0]?.startsWith('timeout'));
      assert.equal(timedOut.length, 1);
      assert.match(timedOut[0]!.seen[0]!, /across the cluster within queueSeconds/);
      for (const t of tickets) t.ticket.release();
      for (const s of servers) {
        s.local.close();
        s.slots.close();
      }
    });
  });
});

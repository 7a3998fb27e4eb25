import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemClock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import type { Storage } from '../../src/storage/repositories.ts';
import { Dispatcher } from '../../src/events/dispatcher.ts';
import { WebhookSender } from '../../src/events/webhook-sender.ts';
import { postgresTarget, whenPostgres, type StorageTarget } from '../storage/support/storage-targets.ts';
import { LIMITS, sessionMessages, webhookEndpoint } from './support/harness.ts';
import { ACK_JSON, Receiver } from './support/receiver.ts';

// Two servers (two pools, two dispatchers) delivering one Postgres outbox at once: no attempt is
// ever sent by both, each message is accepted once, and each session's order holds.

await whenPostgres('two dispatchers on one Postgres', () => {
  describe('two dispatchers on one Postgres', () => {
    let target: StorageTarget;
    let a: Storage;
    let b: Storage;
    let rx: Receiver;
    before(async () => {
      target = postgresTarget();
      a = await target.open();
      b = await target.open();
      rx = await Receiver.start();
    });
    after(async () => {
      await a?.close();
      await b?.close();
      await rx?.close();
      await target?.dispose();
    });

    test('never the same attempt twice at once; every message once; order per session', async () => {
      const ep = webhookEndpoint(rx.url(), { id: 'pg-shared', limits: { ...LIMITS, maxAttempts: 1_000, concurrency: 6 } });
      const SESSIONS = 40;
      const PER_SESSION = 5;
      // Created now: this test runs on the system clock, and max age counts from creation.
      const now = Date.now();
      for (let s = 0; s < SESSIONS; s++)
        await a.outbox.insert(sessionMessages(`pg-${s}`, ep.id, PER_SESSION).map((m) => ({ ...m, createdAt: now })));
      const tries = new Map<string, number>();
      const order = new Map<string, number[]>();
      rx.behaviour = (r) => {
        const { sessionId, seq } = JSON.parse(r.body) as { sessionId: string; seq: number };
        const key = `${sessionId}-${seq}`;
        const n = (tries.get(key) ?? 0) + 1;
        tries.set(key, n);
        // Every third message fails its first attempt, so retries and claims interleave.
        if (n === 1 && seq % 3 === 0) return { status: 503, body: 'busy', delayMs: 2 };
        order.set(sessionId, [...(order.get(sessionId) ?? []), seq]);
        return { ...ACK_JSON, delayMs: 3 } as typeof ACK_JSON;
      };
      const clock = new SystemClock();
      const sent = { a: 0, b: 0 };
      const senders = [new WebhookSender(clock), new WebhookSender(clock)];
      const dispatchers = (['a', 'b'] as const).map((name) => {
        const d = new Dispatcher({
          outbox: (name === 'a' ? a : b).outbox,
          endpoints: [ep],
          sender: senders[name === 'a' ? 0 : 1]!,
          clock,
          logger: silentLogger,
          claimer: `server-${name}`,
          pollMs: 20,
          batch: 4,
          backoff: { baseMs: 5, capMs: 20 },
        });
        d.on('settled', () => sent[name]++);
        d.start();
        return d;
      });
      const deadline = Date.now() + 30_000;
      while ((await a.outbox.counts()).pending > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await Promise.all(dispatchers.map((d) => d.close()));
      for (const s of senders) s.close();
      assert.deepStrictEqual(await a.outbox.counts(), { pending: 0, delivered: SESSIONS * PER_SESSION, dead: 0 }, 'all delivered in time');
      assert.equal(rx.maxConcurrentPerKey, 1, 'no message was in flight twice at once');
      assert.equal(rx.accepted.size, SESSIONS * PER_SESSION);
      assert.ok(
        [...rx.accepted.values()].every((n) => n === 1),
        'each accepted exactly once',
      );
      for (const [session, seqs] of order) assert.deepStrictEqual(seqs, [1, 2, 3, 4, 5], session);
      assert.ok(sent.a > 0 && sent.b > 0, `both servers delivered (a ${sent.a}, b ${sent.b})`);
      assert.equal(clock.pendingTimers(), 0);
    });
  });
});

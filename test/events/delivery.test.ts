import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { harnessAndReceiver, LIMITS, pushEndpoint, sessionMessages, webhookEndpoint } from './support/harness.ts';
import { ACK_JSON } from './support/receiver.ts';

// The dispatcher against a real HTTP receiver on loopback, with a real SQLite outbox and the
// dispatcher's time (polls, backoff, max age, request timeouts) on a virtual clock.

describe('delivery to a real receiver', () => {
  const t = harnessAndReceiver();

  test('receiver down, then up: every message arrives, in seq order per session', async () => {
    const ep = webhookEndpoint(t.rx.url(), { id: 'down-then-up', limits: { ...LIMITS, maxAttempts: 1_000, concurrency: 8 } });
    const sessions = ['s-a', 's-b', 's-c', 's-d'];
    await t.rx.down();
    const d = t.h.dispatcher([ep]);
    for (const s of sessions) await t.h.storage.outbox.insert(sessionMessages(`${s}-down`, ep.id, 5));
    d.wake();
    // Down for a virtual hour: attempts fail (connection refused) and back off.
    await t.h.until(async () => (await t.h.storage.outbox.list({ endpointId: ep.id, limit: 100 })).some((e) => e.attempts >= 4), {
      stepMs: 60_000,
      what: 'a few failed attempts',
    });
    t.h.clock.advance(3_600_000);
    const refused = await t.h.storage.outbox.list({ endpointId: ep.id, limit: 100 });
    assert.ok(
      refused.every((e) => e.state === 'pending'),
      'nothing dead-lettered',
    );
    assert.match(refused.find((e) => e.attempts > 0)!.lastError!, /ECONNREFUSED/);
    const before = t.rx.requests.length;
    await t.rx.up();
    await t.h.until(async () => (await t.h.storage.outbox.counts()).pending === 0, { stepMs: 60_000, what: 'everything delivered' });
    const got = t.rx.requests.slice(before).map((r) => JSON.parse(r.body) as { sessionId: string; seq: number });
    for (const s of sessions) {
      const seqs = got.filter((g) => g.sessionId === `${s}-down`).map((g) => g.seq);
      assert.deepStrictEqual(seqs, [1, 2, 3, 4, 5], `session ${s} in order, none lost, none twice`);
    }
    await d.close();
  });

  test('slow receiver: the attempt times out, the next one succeeds', async () => {
    const ep = webhookEndpoint(t.rx.url('/slow'), { id: 'slow', limits: { ...LIMITS, timeoutMs: 5_000 } });
    let calls = 0;
    t.rx.behaviour = (r) => (r.url === '/slow' && ++calls === 1 ? { hold: true } : ACK_JSON);
    const [m] = sessionMessages('s-slow', ep.id, 1);
    await t.h.storage.outbox.insert([m!]);
    const d = t.h.dispatcher([ep]);
    await t.h.until(() => t.rx.heldCount === 1, { stepMs: 0, what: 'the first request' });
    t.h.clock.advance(4_999);
    await sleep(20);
    assert.equal((await t.h.storage.outbox.get(m!.id))?.attempts, 0, 'still in flight before the timeout');
    t.h.clock.advance(1);
    await t.h.until(async () => (await t.h.storage.outbox.get(m!.id))?.attempts === 1, { stepMs: 0, what: 'the timeout to settle' });
    assert.equal((await t.h.storage.outbox.get(m!.id))?.lastError, 'timeout after 5000 ms');
    await t.h.until(async () => (await t.h.storage.outbox.get(m!.id))?.state === 'delivered', { what: 'the retry' });
    assert.equal(calls, 2);
    t.rx.releaseAll();
    t.rx.behaviour = () => ACK_JSON;
    await d.close();
  });

  test('HTTP errors and non-zero ErrCode are retried with backoff, then dead-lettered after maxAttempts', async () => {
    const hook = webhookEndpoint(t.rx.url('/err'), { id: 'errors', limits: { ...LIMITS, maxAttempts: 4 } });
    const push = pushEndpoint(t.rx.url('/push'), { kind: 'none' }, { id: 'push-errcode', limits: { ...LIMITS, maxAttempts: 3 } });
    t.rx.behaviour = (r) =>
      r.url === '/err'
        ? { status: 500, body: 'boom' }
        : r.url.startsWith('/push')
          ? { status: 200, body: '{"ErrCode":1001,"ErrMsg":"db busy"}', contentType: 'application/json' }
          : ACK_JSON;
    const [hm] = sessionMessages('s-err', hook.id, 1);
    const [pm] = sessionMessages('s-errcode', push.id, 1, 'cdr');
    await t.h.storage.outbox.insert([hm!, pm!]);
    const start = t.h.clock.now();
    const times: number[] = [];
    const d = t.h.dispatcher([hook, push]);
    d.on('settled', (e) => {
      if (e.id === hm!.id) times.push(t.h.clock.now() - start);
    });
    await t.h.until(async () => (await t.h.storage.outbox.counts()).pending === 0, { stepMs: 250, what: 'both dead' });
    const deadHook = await t.h.storage.outbox.get(hm!.id);
    assert.deepStrictEqual([deadHook?.state, deadHook?.attempts], ['dead', 4]);
    assert.equal(deadHook?.lastError, 'HTTP 500: boom (after 4 attempts)');
    const deadPush = await t.h.storage.outbox.get(pm!.id);
    assert.deepStrictEqual(
      [deadPush?.state, deadPush?.attempts, deadPush?.lastError],
      ['dead', 3, 'ErrCode 1001: db busy (after 3 attempts)'],
    );
    // random() = 0.5: waits of 500, 1000, 2000 ms (half of 1 s, 2 s, 4 s), seen at poll granularity (500 ms).
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    assert.equal(gaps.length, 3);
    gaps.forEach((g, i) => assert.ok(g >= [500, 1000, 2000][i]! && g <= [500, 1000, 2000][i]! + 750, `gap ${i}: ${g} ms`));
    t.rx.behaviour = () => ACK_JSON;
    await d.close();
  });

  test('a message owed longer than maxAge is dead-lettered at its next failure', async () => {
    const ep = webhookEndpoint(t.rx.url('/old'), { id: 'max-age', limits: { ...LIMITS, maxAttempts: 10_000, maxAgeMs: 3_600_000 } });
    t.rx.behaviour = (r) => (r.url === '/old' ? { status: 503, body: 'later' } : ACK_JSON);
    const [m] = sessionMessages('s-old', ep.id, 1);
    await t.h.storage.outbox.insert([{ ...m!, createdAt: t.h.clock.now() }]);
    const d = t.h.dispatcher([ep], { backoff: { baseMs: 60_000, capMs: 600_000 } });
    await t.h.until(async () => (await t.h.storage.outbox.get(m!.id))?.state === 'dead', { stepMs: 60_000, what: 'the max age' });
    const dead = await t.h.storage.outbox.get(m!.id);
    assert.match(dead!.lastError!, /owed longer than 1 h/);
    assert.ok(dead!.lastAttemptAt! - dead!.pendingSince <= 3_600_000);
    assert.ok(dead!.attempts > 3 && dead!.attempts < 60, `attempts: ${dead!.attempts}`);
    t.rx.behaviour = () => ACK_JSON;
    await d.close();
  });

  test('per-endpoint concurrency limit holds', async () => {
    const ep = webhookEndpoint(t.rx.url('/limit'), { id: 'limit', limits: { ...LIMITS, concurrency: 3 } });
    t.rx.behaviour = (r) => (r.url === '/limit' ? { hold: true } : ACK_JSON);
    await t.h.storage.outbox.insert(Array.from({ length: 10 }, (_, i) => sessionMessages(`s-limit-${i}`, ep.id, 1)).flat());
    const d = t.h.dispatcher([ep]);
    await t.h.until(() => t.rx.heldCount === 3, { stepMs: 0, what: 'three in flight' });
    await sleep(50);
    assert.equal(t.rx.heldCount, 3, 'no fourth request while three are in flight');
    t.rx.behaviour = () => ACK_JSON;
    t.rx.releaseAll();
    await t.h.until(async () => (await t.h.storage.outbox.list({ endpointId: ep.id, state: 'pending', limit: 20 })).length === 0, {
      stepMs: 0,
    });
    await d.close();
  });

  test('close() is idempotent, waits for the attempt in flight, and leaves no timer behind', async () => {
    const ep = webhookEndpoint(t.rx.url('/close'), { id: 'close' });
    t.rx.behaviour = (r) => (r.url === '/close' ? { hold: true } : ACK_JSON);
    const [m] = sessionMessages('s-close', ep.id, 1);
    await t.h.storage.outbox.insert([m!]);
    const d = t.h.dispatcher([ep]);
    await t.h.until(() => t.rx.heldCount === 1, { stepMs: 0 });
    let closed = false;
    const closing = Promise.all([d.close(), d.close()]).then(() => (closed = true));
    await sleep(30);
    assert.equal(closed, false, 'waits for the attempt');
    t.rx.releaseAll();
    await closing;
    assert.equal((await t.h.storage.outbox.get(m!.id))?.state, 'delivered');
    await d.close();
    t.rx.behaviour = () => ACK_JSON;
    t.h.dispatchers.splice(0);
    assert.equal(t.h.clock.pendingTimers(), 0);
  });
});

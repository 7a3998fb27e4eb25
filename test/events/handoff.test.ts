import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { OutboxMessage } from '../../src/domain/outbox.ts';
import { HandoffRegistry } from '../../src/events/handoff.ts';
import type { DispatchQueue } from '../../src/events/dispatcher.ts';
import { harnessAndReceiver, LIMITS, sessionMessages, T0, webhookEndpoint, type Harness } from './support/harness.ts';
import { ACK_JSON } from './support/receiver.ts';

// Hand-off: a call's own messages go from memory to the receiver, with no claim query, in order.

const msgs = (sessionId: string, n: number, endpointId = 'ep') => sessionMessages(sessionId, endpointId, n);
const birth = (sessionId: string) => ({ sessionId, birth: true, end: false });
const later = (sessionId: string, end = false) => ({ sessionId, birth: false, end });

test('registry: only sessions born here are stamped, with the claimer and its lease', () => {
  const r = new HandoffRegistry('me', () => 60_000);
  const born = msgs('s1', 2);
  r.stamp(birth('s1'), born, T0);
  assert.deepEqual(
    born.map((m) => m.claim),
    [
      { by: 'me', until: T0 + 60_000 },
      { by: 'me', until: T0 + 60_000 },
    ],
  );
  const stranger = msgs('s2', 1);
  r.stamp(later('s2'), stranger, T0);
  assert.equal(stranger[0]!.claim, undefined, 'a session not born here (recovered, taken over) is left to the poll');
});

test('registry: one chain per session and endpoint, in order; advance walks it; the end forgets the session', () => {
  const r = new HandoffRegistry('me', () => 60_000);
  const first = msgs('s1', 2);
  r.stamp(birth('s1'), first, T0);
  assert.deepEqual(r.accept(first), ['s1>ep'], 'a new chain starts');
  const [, , third] = msgs('s1', 3);
  const last = [third!];
  r.stamp(later('s1', true), last, T0);
  assert.deepEqual(r.accept(last), [], 'joins the running chain');
  assert.equal(r.size, 3);
  assert.equal(r.head('s1>ep')!.seq, 1);
  assert.equal(r.advance('s1>ep')!.seq, 2);
  assert.equal(r.advance('s1>ep')!.seq, 3);
  assert.equal(r.advance('s1>ep'), undefined);
  assert.equal(r.size, 0);
  const late = [{ ...msgs('s1', 4)[3]! }];
  r.stamp(later('s1'), late, T0);
  assert.equal(late[0]!.claim, undefined, 'after the end, a late message goes to the poll');
});

test('registry: giving a key up returns what waits behind the head, and that key is never stamped again', () => {
  const r = new HandoffRegistry('me', () => 60_000);
  const a = msgs('s1', 3);
  r.stamp(birth('s1'), a, T0);
  r.accept(a);
  assert.deepEqual(
    r.giveUp('s1>ep').map((e) => e.seq),
    [2, 3],
  );
  const next = [msgs('s1', 4)[3]!];
  r.stamp(later('s1'), next, T0);
  assert.equal(next[0]!.claim, undefined);
  const other = msgs('s1', 1, 'ep2');
  r.stamp(later('s1'), other, T0);
  assert.ok(other[0]!.claim, 'another endpoint of the same session is unaffected');
});

test('registry: past its bound the oldest session is dropped (its later messages go to the poll), new ones still handed off', () => {
  const r = new HandoffRegistry('me', () => 60_000, 2);
  for (const s of ['s1', 's2', 's3']) r.stamp(birth(s), msgs(s, 1), T0);
  const [late1] = msgs('s1', 2).slice(1);
  r.stamp(later('s1'), [late1!], T0);
  assert.equal(late1!.claim, undefined, 'the oldest was dropped');
  const [late3] = msgs('s3', 2).slice(1);
  r.stamp(later('s3'), [late3!], T0);
  assert.ok(late3!.claim, 'the newest is still handed off');
});

test('registry: messages claimed by another sender are not queued; drain leaves heads in flight', () => {
  const r = new HandoffRegistry('me', () => 60_000);
  const foreign: OutboxMessage[] = msgs('s9', 1).map((m) => ({ ...m, claim: { by: 'them', until: T0 } }));
  assert.deepEqual(r.accept(foreign), []);
  const a = msgs('s1', 2);
  r.stamp(birth('s1'), a, T0);
  r.accept(a);
  assert.deepEqual(
    r.drain(new Set([a[0]!.id])).map((e) => e.seq),
    [2],
  );
  assert.equal(r.size, 0);
});

describe('dispatcher hand-off against a real receiver and a real SQLite outbox', () => {
  const t = harnessAndReceiver();

  /** The real outbox, counting the claim queries the dispatcher makes. */
  const counted = () => {
    const claims = { n: 0 };
    const real = t.h.storage.outbox;
    const outbox: DispatchQueue = {
      claimDue: (c) => {
        claims.n++;
        return real.claimDue(c);
      },
      settle: (...a) => real.settle(...a),
      release: (...a) => real.release(...a),
    };
    return { outbox, claims };
  };

  /** What a session writer does: stamp, write the rows, tell the dispatcher they are durable. */
  async function write(d: ReturnType<Harness['dispatcher']>, w: { sessionId: string; birth: boolean; end: boolean }, m: OutboxMessage[]) {
    d.stamp(w, m);
    await t.h.storage.outbox.insert(m);
    d.appended(m);
  }

  test('a born session’s messages are delivered in seq order with no claim query', async () => {
    const ep = webhookEndpoint(t.rx.url('/fast'), { id: 'fast', limits: { ...LIMITS, concurrency: 2 } });
    const { outbox, claims } = counted();
    const d = t.h.dispatcher([ep], { outbox, pollMs: 3_600_000 });
    await t.h.until(() => claims.n === 1 && d.idle, { stepMs: 0, what: 'the first poll at start' });
    const before = claims.n;
    const sessions = ['f1', 'f2', 'f3'];
    for (const s of sessions) {
      const all = msgs(s, 4, ep.id);
      await write(d, birth(s), all.slice(0, 2));
      await write(d, later(s), all.slice(2, 3));
      await write(d, later(s, true), all.slice(3));
    }
    await t.h.until(() => t.rx.requests.filter((r) => r.url === '/fast').length === 12, { stepMs: 0, what: '12 deliveries' });
    assert.equal(claims.n, before, 'no claim query ran for them');
    const got = t.rx.requests.filter((r) => r.url === '/fast').map((r) => JSON.parse(r.body) as { sessionId: string; seq: number });
    for (const s of sessions)
      assert.deepEqual(
        got.filter((g) => g.sessionId === s).map((g) => g.seq),
        [1, 2, 3, 4],
      );
    await t.h.until(async () => (await t.h.storage.outbox.list({ endpointId: ep.id, limit: 50 })).every((e) => e.state === 'delivered'), {
      stepMs: 0,
    });
    assert.equal(d.handedOff, 0);
    await d.close();
  });

  test('a failed head sends its key back to the poll: the rest wait, then all arrive in order, none twice', async () => {
    const ep = webhookEndpoint(t.rx.url('/flaky'), { id: 'flaky', limits: { ...LIMITS, concurrency: 1 } });
    let failures = 1;
    t.rx.behaviour = (r) => (r.url === '/flaky' && failures-- > 0 ? { status: 500, body: 'no' } : ACK_JSON);
    const d = t.h.dispatcher([ep]);
    const m = msgs('r1', 3, ep.id);
    await write(d, birth('r1'), m);
    await t.h.until(async () => (await t.h.storage.outbox.get(m[0]!.id))?.attempts === 1, { stepMs: 0, what: 'the first failure' });
    const waiting = await t.h.storage.outbox.get(m[1]!.id);
    assert.equal(waiting?.claimedBy, null, 'the messages behind the failed head were released to the poll');
    await t.h.until(async () => (await t.h.storage.outbox.list({ sessionId: 'r1', limit: 10 })).every((e) => e.state === 'delivered'), {
      what: 'the retry and the rest',
    });
    const seqs = t.rx.requests.filter((r) => r.url === '/flaky').map((r) => (JSON.parse(r.body) as { seq: number }).seq);
    assert.deepEqual(seqs, [1, 1, 2, 3]);
    const next = msgs('r1', 4, ep.id).slice(3);
    d.stamp(later('r1'), next);
    assert.equal(next[0]!.claim, undefined, 'the key stays with the poll');
    t.rx.behaviour = () => ACK_JSON;
    await d.close();
  });

  test('close() releases what waited in memory unsent, so it goes at once next time', async () => {
    const ep = webhookEndpoint(t.rx.url('/held'), { id: 'held', limits: { ...LIMITS, concurrency: 1, timeoutMs: 60_000 } });
    t.rx.behaviour = (r) => (r.url === '/held' ? { hold: true } : ACK_JSON);
    const d = t.h.dispatcher([ep]);
    const m = msgs('c1', 3, ep.id);
    await write(d, birth('c1'), m);
    await t.h.until(() => t.rx.heldCount === 1, { stepMs: 0, what: 'the head in flight' });
    const closed = d.close();
    t.rx.releaseAll();
    await closed;
    const rows = await t.h.storage.outbox.list({ sessionId: 'c1', limit: 10 });
    assert.deepEqual(
      rows.map((e) => [e.seq, e.state, e.claimedBy]),
      [
        [1, 'delivered', null],
        [2, 'pending', null],
        [3, 'pending', null],
      ],
    );
    t.rx.behaviour = () => ACK_JSON;
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { VirtualClock } from '../../../../src/shared/clock.ts';
import { TrunkLimiter, type TrunkLimits, type TrunkTicket } from '../../../../src/telephony/sip/carrier/trunk-limiter.ts';

interface Seen {
  ticket: TrunkTicket;
  enteredAt: number;
  goAt?: number;
  timeoutAt?: number;
  events: string[];
}

function harness(limits: TrunkLimits) {
  const clock = new VirtualClock(0);
  const limiter = new TrunkLimiter(limits, clock);
  const order: number[] = [];
  const all: Seen[] = [];
  const enter = (): Seen | undefined => {
    const ticket = limiter.tryEnter();
    if (!ticket) return undefined;
    const seen: Seen = { ticket, enteredAt: clock.now(), events: [] };
    const index = all.length;
    all.push(seen);
    ticket.on('go', () => {
      seen.goAt = clock.now();
      seen.events.push('go');
      order.push(index);
    });
    ticket.on('timeout', () => {
      seen.timeoutAt = clock.now();
      seen.events.push('timeout');
    });
    return seen;
  };
  return { clock, limiter, enter, order, all };
}

test('a free slot is announced by go from a timer, never inside tryEnter', () => {
  const h = harness({ maxConcurrentCalls: 2, callsPerSecond: 10, queueSeconds: 5 });
  const a = h.enter()!;
  assert.deepEqual(a.events, []);
  assert.equal(a.ticket.state, 'admitted');
  assert.deepEqual(h.limiter.stats(), { active: 1, waiting: 0 });
  h.clock.advance(0);
  assert.deepEqual(a.events, ['go']);
  assert.equal(a.ticket.state, 'active');
  assert.equal(a.goAt, 0);
});

test('calls start one per 1/callsPerSecond, in arrival order, with no burst after idling', () => {
  const h = harness({ maxConcurrentCalls: 100, callsPerSecond: 10, queueSeconds: 5 });
  for (let i = 0; i < 5; i++) h.enter();
  assert.deepEqual(h.limiter.stats(), { active: 1, waiting: 4 });
  h.clock.advance(1000);
  assert.deepEqual(
    h.all.map((s) => s.goAt),
    [0, 100, 200, 300, 400],
  );
  assert.deepEqual(h.order, [0, 1, 2, 3, 4]);
  // Idle for a minute: the bucket holds one token, not sixty seconds' worth.
  h.clock.advance(60_000);
  const t0 = h.clock.now();
  for (let i = 0; i < 3; i++) h.enter();
  h.clock.advance(1000);
  assert.deepEqual(
    h.all.slice(5).map((s) => s.goAt! - t0),
    [0, 100, 200],
  );
});

test('a fractional rate spaces calls evenly (0.5 per second = one every 2 s)', () => {
  const h = harness({ maxConcurrentCalls: 10, callsPerSecond: 0.5, queueSeconds: 10 });
  for (let i = 0; i < 3; i++) h.enter();
  h.clock.advance(10_000);
  assert.deepEqual(
    h.all.map((s) => s.goAt),
    [0, 2000, 4000],
  );
});

test('maxConcurrentCalls: a waiting call starts when a slot is released, after release() returns', () => {
  const h = harness({ maxConcurrentCalls: 2, callsPerSecond: 1000, queueSeconds: 5 });
  const [a, b, c, d] = [h.enter()!, h.enter()!, h.enter()!, h.enter()!];
  h.clock.advance(100);
  assert.deepEqual([a.events, b.events, c.events, d.events], [['go'], ['go'], [], []]);
  assert.deepEqual(h.limiter.stats(), { active: 2, waiting: 2 });
  b.ticket.release();
  assert.deepEqual(c.events, [], 'go is never emitted inside release()');
  assert.equal(c.ticket.state, 'admitted');
  assert.deepEqual(h.limiter.stats(), { active: 2, waiting: 1 });
  h.clock.advance(0);
  assert.deepEqual(c.events, ['go']);
  a.ticket.release();
  h.clock.advance(0);
  assert.deepEqual(d.events, [], 'a slot is free but the next rate token (1 ms after c) is not');
  h.clock.advance(1);
  assert.deepEqual(d.events, ['go']);
  assert.equal(d.goAt, 101);
  assert.deepEqual(h.order, [0, 1, 2, 3]);
});

test('a call that waits queueSeconds without a slot times out, exactly once, and stops counting', () => {
  const h = harness({ maxConcurrentCalls: 1, callsPerSecond: 100, queueSeconds: 5 });
  const a = h.enter()!;
  h.clock.advance(1000);
  const b = h.enter()!;
  assert.equal(b.ticket.state, 'waiting');
  h.clock.advance(4999);
  assert.deepEqual(b.events, []);
  h.clock.advance(1);
  assert.deepEqual(b.events, ['timeout']);
  assert.equal(b.timeoutAt, 6000);
  assert.equal(b.ticket.state, 'timedOut');
  assert.deepEqual(h.limiter.stats(), { active: 1, waiting: 0 });
  b.ticket.release(); // a no-op after timeout
  a.ticket.release();
  h.clock.advance(10_000);
  assert.deepEqual(b.events, ['timeout']);
  assert.deepEqual(h.limiter.stats(), { active: 0, waiting: 0 });
});

test('the queue is full when the rate alone says a call would wait queueSeconds: tryEnter refuses at once', () => {
  const h = harness({ maxConcurrentCalls: 1000, callsPerSecond: 20, queueSeconds: 5 });
  for (let i = 0; i < 100; i++) assert.ok(h.enter(), `call ${i} gets a place`);
  assert.deepEqual(h.limiter.stats(), { active: 1, waiting: 99 });
  assert.equal(h.limiter.tryEnter(), undefined);
  h.clock.advance(10_000);
  assert.ok(
    h.all.every((s) => s.events.join() === 'go'),
    'every accepted call starts, none times out',
  );
  assert.equal(h.all[99]!.goAt, 4950);
  // Once the queue drains there is room again.
  assert.ok(h.enter());
});

test('queueSeconds 0: a call that cannot start now is refused, never queued', () => {
  const h = harness({ maxConcurrentCalls: 1, callsPerSecond: 10, queueSeconds: 0 });
  const a = h.enter()!;
  assert.ok(a);
  assert.equal(h.limiter.tryEnter(), undefined, 'slot taken');
  a.ticket.release();
  assert.equal(h.limiter.tryEnter(), undefined, 'slot free but the next rate token is 100 ms away');
  h.clock.advance(100);
  assert.ok(h.enter());
});

test('release while waiting leaves the queue; the next caller moves up; no event on the released ticket', () => {
  const h = harness({ maxConcurrentCalls: 1, callsPerSecond: 1000, queueSeconds: 5 });
  const a = h.enter()!;
  const b = h.enter()!;
  const c = h.enter()!;
  b.ticket.release();
  b.ticket.release();
  assert.equal(b.ticket.state, 'released');
  assert.deepEqual(h.limiter.stats(), { active: 1, waiting: 1 });
  h.clock.advance(10);
  a.ticket.release();
  h.clock.advance(10);
  assert.deepEqual([a.events, b.events, c.events], [['go'], [], ['go']]);
  h.clock.advance(10_000);
  assert.deepEqual(b.events, []);
});

test('release after admission but before go: no go, the slot is free again, release is idempotent', () => {
  const h = harness({ maxConcurrentCalls: 1, callsPerSecond: 1000, queueSeconds: 5 });
  const a = h.enter()!;
  const b = h.enter()!;
  a.ticket.release();
  a.ticket.release();
  a.ticket.release();
  assert.deepEqual(h.limiter.stats(), { active: 0, waiting: 1 }, 'a freed its slot once; b waits for the next rate token');
  h.clock.advance(1);
  assert.deepEqual(h.limiter.stats(), { active: 1, waiting: 0 });
  h.clock.advance(10);
  assert.deepEqual(a.events, []);
  assert.deepEqual(b.events, ['go']);
});

test('a listener may release inside go; the next call still waits for its turn', () => {
  const h = harness({ maxConcurrentCalls: 1, callsPerSecond: 10, queueSeconds: 5 });
  const a = h.enter()!;
  a.ticket.on('go', () => a.ticket.release());
  const b = h.enter()!;
  h.clock.advance(0);
  assert.deepEqual(h.limiter.stats(), { active: 0, waiting: 1 });
  h.clock.advance(99);
  assert.deepEqual(b.events, []);
  h.clock.advance(1);
  assert.deepEqual(b.events, ['go']);
});

test('close() cancels every timer, silences waiting tickets and refuses new calls; idempotent', () => {
  const h = harness({ maxConcurrentCalls: 1, callsPerSecond: 1, queueSeconds: 5 });
  const a = h.enter()!;
  const b = h.enter()!;
  assert.ok(h.clock.pendingTimers() > 0);
  h.limiter.close();
  h.limiter.close();
  assert.equal(h.clock.pendingTimers(), 0);
  assert.equal(h.limiter.tryEnter(), undefined);
  h.clock.advance(60_000);
  assert.deepEqual([a.events, b.events], [[], []]);
  a.ticket.release();
  assert.deepEqual(h.limiter.stats(), { active: 0, waiting: 0 });
});

test('limits are checked at construction', () => {
  const clock = new VirtualClock(0);
  for (const bad of [
    { maxConcurrentCalls: 0, callsPerSecond: 1, queueSeconds: 1 },
    { maxConcurrentCalls: 1.5, callsPerSecond: 1, queueSeconds: 1 },
    { maxConcurrentCalls: 1, callsPerSecond: 0, queueSeconds: 1 },
    { maxConcurrentCalls: 1, callsPerSecond: Number.NaN, queueSeconds: 1 },
    { maxConcurrentCalls: 1, callsPerSecond: 1, queueSeconds: -1 },
  ])
    assert.throws(() => new TrunkLimiter(bad, clock), RangeError, JSON.stringify(bad));
});

type Step = { op: 'enter' } | { op: 'release'; pick: number } | { op: 'advance'; ms: number };

test('property: whatever arrives and leaves, limits hold, order is FIFO, nobody waits past queueSeconds', () => {
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 4, arbitrary: fc.constant({ op: 'enter' as const }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('release' as const), pick: fc.nat() }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 700 }) }) },
  );
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 20 }),
      fc.integer({ min: 0, max: 3 }),
      fc.array(step, { maxLength: 80 }),
      (max, cps, queueSeconds, steps) => {
        const h = harness({ maxConcurrentCalls: max, callsPerSecond: cps, queueSeconds });
        const interval = 1000 / cps;
        const released = new Set<Seen>();
        for (const s of steps) {
          if (s.op === 'enter') {
            const before = h.all.length;
            const seen = h.enter();
            if (!seen) assert.equal(h.all.length, before);
          } else if (s.op === 'release') {
            const live = h.all.filter((x) => !released.has(x) && x.ticket.state !== 'timedOut');
            if (live.length === 0) continue;
            const x = live[s.pick % live.length]!;
            x.ticket.release();
            released.add(x);
          } else h.clock.advance(s.ms);
          const { active, waiting } = h.limiter.stats();
          assert.ok(active <= max, 'never above maxConcurrentCalls');
          const holding = h.all.filter((x) => x.ticket.state === 'admitted' || x.ticket.state === 'active').length;
          assert.equal(active, holding);
          assert.equal(waiting, h.all.filter((x) => x.ticket.state === 'waiting').length);
        }
        h.clock.advance(queueSeconds * 1000 + 1);
        const starts = h.all.filter((x) => x.goAt !== undefined).map((x) => x.goAt!);
        for (let i = 1; i < starts.length; i++) assert.ok(starts[i]! - starts[i - 1]! >= interval - 1e-9, 'calls spaced by the rate');
        for (let i = 1; i < h.order.length; i++) assert.ok(h.order[i]! > h.order[i - 1]!, 'go in arrival order');
        for (const x of h.all) {
          assert.ok(x.events.length <= 1, 'at most one of go/timeout');
          if (x.goAt !== undefined)
            assert.ok(x.goAt - x.enteredAt < queueSeconds * 1000 || x.goAt === x.enteredAt, 'started within queueSeconds');
          if (x.timeoutAt !== undefined) assert.equal(x.timeoutAt - x.enteredAt, queueSeconds * 1000);
          if (x.events.length === 0) assert.ok(released.has(x), 'every ticket not released by us hears go or timeout');
        }
        h.limiter.close();
        assert.equal(h.clock.pendingTimers(), 0);
      },
    ),
    { numRuns: 500 },
  );
});

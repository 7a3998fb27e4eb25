import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../../../src/shared/clock.ts';
import { Pacer, type PacerScheduler } from '../../../../src/telephony/rtp/engine/pacer.ts';

/** A pacer on a VirtualClock; `lag` adds to what now() reports, modelling a late timer or a blocked thread. */
function virtualPacer(timerLateMs = 0) {
  const clock = new VirtualClock(0);
  let lag = 0;
  const scheduler: PacerScheduler = {
    schedule: (d, fn) => clock.setTimer(d + timerLateMs, fn),
    cancel: (h) => clock.clearTimer(h as ReturnType<VirtualClock['setTimer']>),
  };
  const pacer = new Pacer({ now: () => clock.now() + lag, scheduler });
  return { clock, pacer, stall: (ms: number) => (lag += ms) };
}

test('one hour on a virtual clock: 180,000 ticks, each at start + n·20 ms, no drift even with late timers', () => {
  const { clock, pacer } = virtualPacer(3);
  let count = 0;
  let bad = 0;
  pacer.add({
    onTick: (n, t) => {
      if (n !== count || t !== n * 20) bad++;
      count++;
    },
  });
  clock.advance(3600_000 - 1);
  assert.equal(bad, 0);
  assert.equal(count, 180_000);
  assert.equal(pacer.ticksSkipped, 0);
  pacer.close();
  assert.equal(clock.pendingTimers(), 0);
});

test('after a stall the missed ticks are skipped and counted, not replayed in a burst', () => {
  const { clock, pacer, stall } = virtualPacer();
  const seen: number[] = [];
  pacer.add({
    onTick: (n) => {
      seen.push(n);
      if (n === 5) stall(105); // the thread was blocked for 105 ms inside tick 5
    },
  });
  clock.advance(200);
  // Tick 5 ran at 100; now() then reads 205+: the next run is tick 10 (due 200), ticks 6–9 skipped.
  assert.deepEqual(seen.slice(0, 7), [0, 1, 2, 3, 4, 5, 10]);
  assert.equal(pacer.ticksSkipped, 4);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i]! > seen[i - 1]!);
  pacer.close();
});

test('every sink gets every tick from one timer; a sink removed during a tick is not called again', () => {
  const { clock, pacer } = virtualPacer();
  const calls = [0, 0, 0];
  const sinks = calls.map((_, i) => ({
    onTick: () => {
      calls[i]!++;
      if (i === 0 && calls[0] === 3) pacer.remove(sinks[1]!);
    },
  }));
  for (const s of sinks) pacer.add(s);
  clock.advance(99);
  assert.equal(clock.pendingTimers(), 1);
  assert.deepEqual(calls, [5, 2, 5]);
  pacer.remove(sinks[0]!);
  pacer.remove(sinks[2]!);
  assert.equal(pacer.running, false);
  assert.equal(clock.pendingTimers(), 0);
});

test('an error in one sink does not stop the others', () => {
  const clock = new VirtualClock(0);
  const errors: unknown[] = [];
  const pacer = new Pacer({
    now: () => clock.now(),
    scheduler: { schedule: (d, fn) => clock.setTimer(d, fn), cancel: (h) => clock.clearTimer(h as never) },
    onError: (e) => errors.push(e),
  });
  let ok = 0;
  pacer.add({
    onTick: () => {
      throw new Error('boom');
    },
  });
  pacer.add({ onTick: () => ok++ });
  clock.advance(39);
  assert.equal(ok, 2);
  assert.equal(errors.length, 2);
  pacer.close();
});

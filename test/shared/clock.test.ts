import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../src/shared/clock.ts';

test('virtual clock fires timers in time order, then creation order', () => {
  const clock = new VirtualClock(0);
  const fired: string[] = [];
  clock.setTimer(20, () => fired.push('b'));
  clock.setTimer(10, () => fired.push('a'));
  clock.setTimer(20, () => fired.push('c'));
  clock.advance(15);
  assert.deepEqual(fired, ['a']);
  assert.equal(clock.now(), 15);
  clock.advance(10);
  assert.deepEqual(fired, ['a', 'b', 'c']);
});

test('virtual clock runs timers scheduled by timers within the same advance', () => {
  const clock = new VirtualClock(0);
  const at: number[] = [];
  clock.setTimer(5, () => {
    at.push(clock.now());
    clock.setTimer(5, () => at.push(clock.now()));
  });
  clock.advance(100);
  assert.deepEqual(at, [5, 10]);
  assert.equal(clock.pendingTimers(), 0);
});

test('a cleared timer never fires', () => {
  const clock = new VirtualClock(0);
  let fired = false;
  const h = clock.setTimer(1, () => (fired = true));
  clock.clearTimer(h);
  clock.advance(10);
  assert.equal(fired, false);
});

test('property: timers fire exactly as a sorted reference says, whatever is scheduled and cleared', async () => {
  const fc = (await import('fast-check')).default;
  fc.assert(
    fc.property(
      fc.array(fc.record({ delay: fc.integer({ min: 0, max: 50 }), clear: fc.boolean() }), { maxLength: 60 }),
      fc.integer({ min: 0, max: 60 }),
      (plan, until) => {
        const clock = new VirtualClock(0);
        const fired: number[] = [];
        const handles = plan.map((p, i) => clock.setTimer(p.delay, () => fired.push(i)));
        plan.forEach((p, i) => p.clear && clock.clearTimer(handles[i]!));
        clock.advance(until);
        const expected = plan
          .map((p, i) => ({ ...p, i }))
          .filter((p) => !p.clear && p.delay <= until)
          .sort((a, b) => a.delay - b.delay || a.i - b.i)
          .map((p) => p.i);
        assert.deepEqual(fired, expected);
        assert.equal(clock.pendingTimers(), plan.filter((p) => !p.clear && p.delay > until).length);
      },
    ),
  );
});

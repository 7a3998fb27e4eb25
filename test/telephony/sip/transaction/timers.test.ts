import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TIMER_CONFIG, transactionTimers } from '../../../../src/telephony/sip/transaction/index.ts';

test('RFC 3261 Table 4 defaults over an unreliable transport', () => {
  assert.deepEqual(DEFAULT_TIMER_CONFIG, { t1: 500, t2: 4000, t4: 5000 });
  assert.deepEqual(transactionTimers(), {
    t1: 500,
    t2: 4000,
    t4: 5000,
    A: 500,
    B: 32_000,
    D: 32_000,
    E: 500,
    F: 32_000,
    G: 500,
    H: 32_000,
    I: 5000,
    J: 32_000,
    K: 5000,
    L: 32_000,
    M: 32_000,
    trying100: 200,
  });
});

test('a reliable transport has no retransmission timers and zero wait timers D, I, J, K', () => {
  const t = transactionTimers({}, true);
  assert.deepEqual([t.A, t.E, t.G], [undefined, undefined, undefined]);
  assert.deepEqual([t.D, t.I, t.J, t.K], [0, 0, 0, 0]);
  assert.deepEqual([t.B, t.F, t.H, t.L, t.M], [32_000, 32_000, 32_000, 32_000, 32_000]);
});

test('T1, T2, T4 are configurable; 64*T1 timers follow T1, and Timer D never drops below 32 s nor below Timer H', () => {
  const fast = transactionTimers({ t1: 100, t4: 1000 });
  assert.deepEqual([fast.A, fast.B, fast.D, fast.H, fast.I, fast.K, fast.t2], [100, 6400, 32_000, 6400, 1000, 1000, 4000]);
  const slow = transactionTimers({ t1: 1000 });
  assert.deepEqual([slow.B, slow.D, slow.H], [64_000, 64_000, 64_000]);
});

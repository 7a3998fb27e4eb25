import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NON_INVITE_CLIENT_TABLE,
  NonInviteClientTransaction,
  type NonInviteClientEvent,
  type NonInviteClientState,
  nextState,
} from '../../../../src/telephony/sip/transaction/index.ts';
import { PEER, RecordingTransport, flush, newClock, request, response } from './support.ts';

function setup(reliable = false, hold = false, timers?: { t1?: number; t2?: number; t4?: number }) {
  const clock = newClock();
  const transport = new RecordingTransport(clock, reliable);
  transport.hold = hold;
  const options = request({ method: 'OPTIONS' });
  const tx = new NonInviteClientTransaction({ request: options, destination: PEER, transport, clock, timers });
  const seen: string[] = [];
  tx.on('response', (r) => seen.push(`response ${r.status}`));
  tx.on('timeout', () => seen.push('timeout'));
  tx.on('transportError', (e) => seen.push(`transportError ${e.message}`));
  tx.on('terminated', () => seen.push('terminated'));
  tx.start();
  return { clock, transport, options, tx, seen };
}

test('non-INVITE over UDP: Timer E doubles up to T2 (0, 0.5, 1.5, 3.5, 7.5, then every 4 s); Timer F at 32 s (§17.1.2.2)', () => {
  const { clock, transport, tx, seen } = setup();
  clock.advance(31_999);
  assert.equal(tx.state, 'trying');
  clock.advance(1);
  assert.deepEqual(transport.times('OPTIONS'), [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
  assert.deepEqual(seen, ['timeout', 'terminated']);
  assert.equal(clock.pendingTimers(), 0);
});

test('in Proceeding, Timer E fires at T2 intervals from its next firing', () => {
  const { clock, transport, options, tx, seen } = setup();
  clock.advance(700);
  tx.receive(response(options, 100));
  assert.equal(tx.state, 'proceeding');
  clock.advance(32_000 - 700);
  assert.deepEqual(transport.times('OPTIONS'), [0, 500, 1500, 5500, 9500, 13500, 17500, 21500, 25500, 29500]);
  assert.deepEqual(seen, ['response 100', 'timeout', 'terminated']);
  assert.equal(clock.pendingTimers(), 0);
});

test('T1, T2 and T4 are configurable: T1 = 100 ms, T2 = 400 ms', () => {
  const { clock, transport, seen } = setup(false, false, { t1: 100, t2: 400 });
  clock.advance(6400);
  assert.deepEqual(transport.times('OPTIONS').slice(0, 6), [0, 100, 300, 700, 1100, 1500]);
  assert.deepEqual(seen, ['timeout', 'terminated']);
});

test('a final response stops retransmissions; its retransmissions are absorbed; Timer K (T4) ends it', () => {
  const { clock, transport, options, tx, seen } = setup();
  clock.advance(600);
  tx.receive(response(options, 180));
  tx.receive(response(options, 200));
  tx.receive(response(options, 200));
  clock.advance(4999);
  assert.equal(tx.state, 'completed');
  tx.receive(response(options, 200));
  clock.advance(1);
  assert.equal(tx.state, 'terminated');
  assert.deepEqual(transport.times('OPTIONS'), [0, 500]);
  assert.deepEqual(seen, ['response 180', 'response 200', 'terminated']);
  assert.equal(clock.pendingTimers(), 0);
});

test('reliable transport: no Timer E, Timer K is 0', () => {
  const { clock, transport, options, tx, seen } = setup(true);
  clock.advance(20_000);
  assert.deepEqual(transport.times('OPTIONS'), [0]);
  tx.receive(response(options, 404));
  assert.equal(tx.state, 'terminated');
  assert.deepEqual(seen, ['response 404', 'terminated']);
  assert.equal(clock.pendingTimers(), 0);
});

test('a transport error informs the TU and terminates', async () => {
  const { clock, transport, seen } = setup(false, true);
  transport.rejectHeld();
  await flush();
  assert.deepEqual(seen, ['transportError connection reset', 'terminated']);
  assert.equal(clock.pendingTimers(), 0);
});

const reach: Record<NonInviteClientState, (h: ReturnType<typeof setup>) => void> = {
  trying: () => {},
  proceeding: (h) => h.tx.receive(response(h.options, 100)),
  completed: (h) => h.tx.receive(response(h.options, 200)),
  terminated: (h) => h.tx.close(),
};
const apply: Record<NonInviteClientEvent, (h: ReturnType<typeof setup>) => Promise<void> | void> = {
  timerE: (h) => h.clock.advance(500),
  timerF: (h) => h.clock.advance(32_000),
  timerK: (h) => h.clock.advance(5000),
  provisional: (h) => h.tx.receive(response(h.options, 180)),
  final: (h) => h.tx.receive(response(h.options, 500)),
  transportError: async (h) => {
    h.transport.rejectHeld();
    await flush();
  },
};

for (const row of NON_INVITE_CLIENT_TABLE) {
  test(`Figure 6 row: ${row.from} --${row.on}--> ${row.to}`, async () => {
    const h = setup(false, row.on === 'transportError');
    reach[row.from](h);
    assert.equal(h.tx.state, row.from);
    await apply[row.on](h);
    assert.equal(h.tx.state, row.to);
    h.tx.close();
    assert.equal(h.clock.pendingTimers(), 0);
  });
}

test('a provisional in Completed has no arrow in Figure 6 and is ignored', () => {
  const h = setup();
  reach.completed(h);
  h.tx.receive(response(h.options, 180));
  assert.equal(h.tx.state, 'completed');
  assert.deepEqual(h.seen, ['response 200']);
  h.tx.close();
});

test('Figure 6: every message event in every state does exactly what the table says (no row: state unchanged)', async () => {
  for (const from of ['trying', 'proceeding', 'completed', 'terminated'] as const satisfies readonly NonInviteClientState[]) {
    for (const on of ['provisional', 'final'] as const) {
      const h = setup();
      reach[from](h);
      await apply[on](h);
      assert.equal(h.tx.state, nextState(NON_INVITE_CLIENT_TABLE, from, on) ?? from, `${on} in ${from}`);
      h.tx.close();
      assert.equal(h.clock.pendingTimers(), 0);
    }
  }
});

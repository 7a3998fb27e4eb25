import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NON_INVITE_SERVER_TABLE,
  NonInviteServerTransaction,
  type NonInviteServerEvent,
  type NonInviteServerState,
  nextState,
} from '../../../../src/telephony/sip/transaction/index.ts';
import { PEER, RecordingTransport, flush, newClock, request, response } from './support.ts';

function setup(reliable = false, hold = false) {
  const clock = newClock();
  const transport = new RecordingTransport(clock, reliable);
  transport.hold = hold;
  const bye = request({ method: 'BYE', toTag: 'dlg' });
  const tx = new NonInviteServerTransaction({ request: bye, destination: PEER, transport, clock });
  const seen: string[] = [];
  tx.on('transportError', (e) => seen.push(`transportError ${e.message}`));
  tx.on('terminated', () => seen.push('terminated'));
  return { clock, transport, bye, tx, seen };
}

test('Trying absorbs retransmits; Proceeding resends the last provisional; Completed resends the final until Timer J (64*T1)', () => {
  const { clock, transport, bye, tx, seen } = setup();
  tx.receiveRetransmission();
  assert.equal(transport.sent.length, 0);
  clock.advance(100);
  tx.respond(response(bye, 100));
  clock.advance(400);
  tx.receiveRetransmission();
  clock.advance(500);
  tx.respond(response(bye, 200));
  assert.equal(tx.respond(response(bye, 500)), false);
  clock.advance(1000);
  tx.receiveRetransmission();
  clock.advance(30_999);
  assert.equal(tx.state, 'completed');
  clock.advance(1);
  assert.equal(tx.state, 'terminated');
  assert.deepEqual(transport.labels(), ['100', '100', '200', '200']);
  assert.deepEqual(
    transport.sent.map((s) => s.at),
    [100, 500, 1000, 2000],
  );
  assert.deepEqual(seen, ['terminated']);
  assert.equal(clock.pendingTimers(), 0);
});

test('a non-INVITE server never sends on its own: no retransmission timer, no 100 Trying', () => {
  const { clock, transport, tx } = setup();
  clock.advance(3_600_000);
  assert.equal(transport.sent.length, 0);
  assert.equal(tx.state, 'trying');
  assert.equal(clock.pendingTimers(), 0);
  tx.close();
});

test('reliable transport: Timer J is 0, so the final response ends the transaction', () => {
  const { clock, transport, bye, tx, seen } = setup(true);
  tx.respond(response(bye, 200));
  assert.equal(tx.state, 'terminated');
  assert.deepEqual(transport.labels(), ['200']);
  assert.deepEqual(seen, ['terminated']);
  assert.equal(clock.pendingTimers(), 0);
});

test('a transport error informs the TU and terminates', async () => {
  const { clock, bye, tx, transport, seen } = setup(false, true);
  tx.respond(response(bye, 481));
  transport.rejectHeld();
  await flush();
  assert.deepEqual(seen, ['transportError connection reset', 'terminated']);
  assert.equal(clock.pendingTimers(), 0);
});

const reach: Record<NonInviteServerState, (h: ReturnType<typeof setup>) => void> = {
  trying: () => {},
  proceeding: (h) => void h.tx.respond(response(h.bye, 100)),
  completed: (h) => void h.tx.respond(response(h.bye, 200)),
  terminated: (h) => h.tx.close(),
};
const apply: Record<NonInviteServerEvent, (h: ReturnType<typeof setup>) => Promise<void> | void> = {
  retransmission: (h) => h.tx.receiveRetransmission(),
  provisional: (h) => void h.tx.respond(response(h.bye, 180)),
  final: (h) => void h.tx.respond(response(h.bye, 200)),
  timerJ: (h) => h.clock.advance(32_000),
  transportError: async (h) => {
    h.transport.rejectHeld();
    await flush();
  },
};

for (const row of NON_INVITE_SERVER_TABLE) {
  test(`Figure 8 row: ${row.from} --${row.on}--> ${row.to}`, async () => {
    const h = setup(false, row.on === 'transportError');
    reach[row.from](h);
    assert.equal(h.tx.state, row.from);
    await apply[row.on](h);
    assert.equal(h.tx.state, row.to);
    h.tx.close();
    assert.equal(h.clock.pendingTimers(), 0);
  });
}

test('Figure 8: every message event in every state does exactly what the table says (no row: state unchanged)', async () => {
  for (const from of ['trying', 'proceeding', 'completed', 'terminated'] as const satisfies readonly NonInviteServerState[]) {
    for (const on of ['retransmission', 'provisional', 'final'] as const) {
      const h = setup();
      reach[from](h);
      await apply[on](h);
      assert.equal(h.tx.state, nextState(NON_INVITE_SERVER_TABLE, from, on) ?? from, `${on} in ${from}`);
      h.tx.close();
      assert.equal(h.clock.pendingTimers(), 0);
    }
  }
});
